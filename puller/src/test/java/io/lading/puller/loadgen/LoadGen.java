package io.lading.puller.loadgen;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator for the control plane (issue 7): N simulated pullers heartbeat and long-poll their
 * desired state against a real registry while an operator pushes, moves a channel and rolls out in waves;
 * prints latencies, the server's memory and everyone's CPU, with PASS/MISS against the targets.
 * Run by bench/control-plane/control-plane-bench.sh; see bench/control-plane/README.md.
 */
@Command(name = "control-plane-loadgen", mixinStandardHelpOptions = true)
public final class LoadGen implements java.util.concurrent.Callable<Integer> {
    static final String MODEL_A = "bench/cp-a";
    static final String MODEL_B = "bench/cp-b";
    /** Tokens live 5 minutes by default; renewing every minute keeps every request's token valid. */
    private static final long TOKEN_RENEW_SECONDS = 60;

    @Option(names = "--registry", required = true) String registry;
    @Option(names = "--user", defaultValue = "admin") String user;
    @Option(names = "--password", defaultValue = "${env:LADING_ADMIN_PASSWORD}") String password;
    @Option(names = "--hosts", defaultValue = "1000") int hostCount;
    @Option(names = "--heartbeat-seconds", defaultValue = "5") int heartbeatSeconds;
    @Option(names = "--wait-seconds", defaultValue = "30", description = "wait= of each long poll") int waitSeconds;
    @Option(names = "--resync-seconds", defaultValue = "30", description = "each host asks without since= this often") int resyncSeconds;
    @Option(names = "--ramp-seconds", defaultValue = "10") int rampSeconds;
    @Option(names = "--rollout-waves", defaultValue = "10,25%,100%", split = ",",
            description = "a host count or a percentage per wave") List<String> waves;
    @Option(names = "--warmup-seconds", defaultValue = "20") int warmupSeconds;
    @Option(names = "--duration-seconds", defaultValue = "120") int durationSeconds;
    @Option(names = "--bake-seconds", defaultValue = "5") int bakeSeconds;
    @Option(names = "--server-pid", defaultValue = "0") long serverPid;
    @Option(names = "--p99-target-ms", defaultValue = "50") double p99TargetMs;
    @Option(names = "--rss-target-mib", defaultValue = "1024") long rssTargetMib;
    @Option(names = "--label", defaultValue = "") String label;
    @Option(names = "--window-file", description = "created when the measured window starts (the script starts profilers then)")
    java.nio.file.Path windowFile;

    /** Hosts registered when the warm-up began (all of them, unless the registry could not keep up). */
    long registeredBeforeWindow;

    public static void main(String[] args) {
        // Exit 0: every target met; 1: a target missed; 2: the run itself failed (the script tells them apart).
        System.exit(new CommandLine(new LoadGen()).setExecutionExceptionHandler((e, cl, parsed) -> {
            e.printStackTrace();
            return 2;
        }).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        if (report == null) {
            return 2;
        }
        return report.print(System.out) ? 0 : 1;
    }

    /** Runs the whole benchmark; the report, or null when the fleet could not even register. */
    Report run() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        ControlPlaneClient client = new ControlPlaneClient(http, registry);
        List<String> adminScopes = List.of("repository:" + MODEL_A + ":pull,push,rollout", "repository:" + MODEL_B + ":pull,push,rollout",
                "registry:admin:*");
        AtomicReference<String> adminToken = new AtomicReference<>(client.token(user, password, adminScopes));
        ChangeLog changes = new ChangeLog();
        Scenario scenario = new Scenario(client, adminToken::get, changes);

        say("pushing %s and %s v0, v1; channel %s -> v1", MODEL_A, MODEL_B, Scenario.CHANNEL);
        Map<String, List<String>> start = new java.util.LinkedHashMap<>();
        for (String m : List.of(MODEL_A, MODEL_B)) {
            List<String> versions = List.of(scenario.push(m, "v0"), scenario.push(m, "v1"));
            scenario.moveChannel(m, versions.get(1), null);
            start.put(m, versions);
        }
        String robot = "cp-bench-fleet";
        String secret = client.admin(adminToken.get(), "robots", ControlPlaneClient.JSON.createObjectNode().put("name", robot))
                .require("robot " + robot).path("secret").asText();
        var grant = ControlPlaneClient.JSON.createObjectNode().put("principal", robot).put("repository", "bench/**");
        grant.putArray("actions").add("pull");
        client.admin(adminToken.get(), "grants", grant).require("grant for " + robot);
        List<String> hostScopes = List.of("repository:" + MODEL_A + ":pull", "repository:" + MODEL_B + ":pull");
        AtomicReference<String> hostToken = new AtomicReference<>(client.token(robot, secret, hostScopes));
        var renew = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        renew.scheduleAtFixedRate(() -> {
            try {
                adminToken.set(client.token(user, password, adminScopes));
                hostToken.set(client.token(robot, secret, hostScopes));
            } catch (RuntimeException e) {
                say("token renewal failed: %s", e.getMessage());
            }
        }, TOKEN_RENEW_SECONDS, TOKEN_RENEW_SECONDS, TimeUnit.SECONDS);

        List<SimulatedHost> hosts = new ArrayList<>();
        for (int i = 1; i <= hostCount; i++) {
            hosts.add(new SimulatedHost(i, start));
        }
        Fleet fleet = new Fleet(client, hostToken::get, hosts, heartbeatSeconds, waitSeconds, resyncSeconds);
        try (ProcessSampler sampler = new ProcessSampler(serverPid)) {
            say("starting %d hosts over %d s", hostCount, rampSeconds);
            fleet.start(rampSeconds);
            if (!fleet.awaitRegistered(rampSeconds + 120L)) {
                // Measure anyway: a registry that cannot register the whole fleet is what the report must show.
                say("only %d of %d hosts registered in %d s (failures %s); measuring anyway", fleet.registeredCount(), hostCount,
                        rampSeconds + 120, fleet.failures);
            }
            registeredBeforeWindow = fleet.registeredCount();
            say("%d of %d hosts registered; warming up %d s", registeredBeforeWindow, hostCount, warmupSeconds);
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));

            fleet.measuring = true;
            Fleet.take(fleet.heartbeats);
            Fleet.take(fleet.immediate);
            fleet.failures.clear();
            sampler.startWindow();
            String metricsBefore = client.text("/metrics");
            if (windowFile != null) {
                java.nio.file.Files.writeString(windowFile, "measuring " + durationSeconds + " s\n");
            }
            long windowStart = System.nanoTime();
            say("measuring %d s", durationSeconds);
            String rolloutId = runChanges(scenario, windowStart);
            sleepUntil(windowStart + TimeUnit.SECONDS.toNanos(durationSeconds));
            fleet.measuring = false;
            Histogram heartbeats = Fleet.take(fleet.heartbeats);
            Histogram immediate = Fleet.take(fleet.immediate);
            ProcessSampler.Usage usage = sampler.endWindow();
            if (rolloutId != null) {
                scenario.recordRollout(rolloutId);
            }
            ChangeLog.Attribution notify = changes.attribute(List.copyOf(fleet.notifies));
            String metrics = client.text("/metrics");
            return new Report(this, heartbeats, immediate, notify, usage, fleet, scenario.timeline, metrics,
                    RequestTimes.window(metricsBefore, metrics));
        } finally {
            fleet.stop();
            renew.shutdownNow();
            http.shutdownNow();
        }
    }

    /** The operator's changes at fixed points of the window: push v2, move the channel to it, push v3 and roll it out. */
    private String runChanges(Scenario scenario, long windowStart) throws InterruptedException {
        sleepUntil(windowStart + TimeUnit.MILLISECONDS.toNanos(durationSeconds * 50L));
        String v2 = scenario.push(MODEL_A, "v2");
        sleepUntil(windowStart + TimeUnit.MILLISECONDS.toNanos(durationSeconds * 100L));
        say("moving %s %s to v2", MODEL_A, Scenario.CHANNEL);
        scenario.moveChannel(MODEL_A, v2, "channel " + MODEL_A + " " + Scenario.CHANNEL + " -> v2");
        sleepUntil(windowStart + TimeUnit.MILLISECONDS.toNanos(durationSeconds * 350L));
        String v3 = scenario.push(MODEL_A, "v3");
        try {
            String id = scenario.startRollout(MODEL_A, v3, waves, bakeSeconds);
            say("rollout %s of v3 started", id);
            return id;
        } catch (RuntimeException e) {
            say("rollout could not start: %s", e.getMessage());
            scenario.timeline.add("rollout failed to start: " + e.getMessage());
            return null;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long d = nanoTime - System.nanoTime();
        if (d > 0) {
            TimeUnit.NANOSECONDS.sleep(d);
        }
    }

    static void say(String format, Object... args) {
        System.err.printf("[loadgen %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
