package io.lading.puller.control;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 end to end: a real registry (access control on, PostgreSQL) drives 20 real daemons on loopback through
 * rollouts started and steered with the real {@code lading} command line. Every host prefetches before the first
 * activation; waves activate in order; an unhealthy host (its inference server's health URL, WireMock, answers
 * 503) exhausts its wave's budget and pauses the rollout; rollback returns every host to its previous version
 * from its cache without a blob leaving the registry; a registry restart and a daemon restart in the middle of a
 * second rollout do not stop it from completing and moving the channel.
 */
class RolloutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HOSTS = 20;
    /** The host whose inference server answers 503 to health probes in the first rollout. */
    private static final String SICK = "gpu-07";
    private static final Pattern BLOB_GETS = Pattern.compile(
            "lading_http_requests_seconds_count\\{endpoint=\"end-2/10\",method=\"GET\",status=\"(?:200|206)\"} ([0-9.E]+)");
    private static final Pattern BYTES_SENT = Pattern.compile("lading_blob_bytes_sent_total ([0-9.E]+)");

    @TempDir
    Path dir;

    @Test
    void prefetch_waves_healthBudget_rollbackFromCache_andRestartsMidRollout() throws Exception {
        WireMockServer health = new WireMockServer(options().dynamicPort());
        health.start();
        health.stubFor(get(urlPathMatching("/health/.*")).willReturn(ok("ready")));
        health.stubFor(get(urlPathEqualTo("/health/" + SICK)).willReturn(aResponse().withStatus(503).withBody("model not loaded")));
        // A fast ticker keeps waves and bakes short; everything else is the registry as shipped.
        TestRegistry registry = TestRegistry.start(1 << 20, "--rollout-tick", "200ms");
        Fleet fleet = null;
        try {
            RepositoryName repo = TestFiles.uniqueRepository("fleet");
            RegistryClient admin = registry.admin();
            Digest v1 = push(admin, repo, "v1", 1, 2);
            Digest v2 = push(admin, repo, "v2", 1, 3);
            LadingCommand lading = new LadingCommand(registry.url());
            assertEquals(v1.toString(), lading.json("channel", "set", repo.value(), "prod", "v1", "--reason", "first").path("version").asText());

            Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD);
            fleet = new Fleet(dir.resolve("hosts"), registry, password, repo, HOSTS, health.baseUrl());
            fleet.startAll();
            Fleet f = fleet;
            await("all " + HOSTS + " hosts run v1 from channel prod", () -> f.countActive(v1) == HOSTS);
            JsonNode view = lading.json("fleet", "--model", repo.value());
            assertEquals(HOSTS, view.path("byVersion").path(repo.value()).path(v1.toString()).asInt(), view.toString());

            // Rollout 1: the sick host fails its health probe once on v2 and pauses the rollout.
            WaveWatch watch = new WaveWatch(fleet, admin, v2);
            JsonNode started = lading.json("rollout", "start", repo.value(), "--target", "v2", "--wave", "count=1,bake=1s",
                    "--wave", "percent=50,bake=1s", "--wave", "percent=100", "--on-failure", "pause");
            String first = started.path("id").asText();
            assertEquals(v2.toString(), started.path("target").asText());
            watch.follow(first);
            JsonNode paused = awaitRollout(lading, first, "paused because " + SICK + " is unhealthy", s -> s.path("state").asText().equals("paused"));
            watch.stop();
            watch.assertHeld();
            assertTrue(watch.prefetchedEverywhereAtFirstActivation.get(), watch.firstActivationNote.get());
            JsonNode failed = paused.path("failedHosts");
            assertEquals(1, failed.size(), paused.toString());
            assertEquals(SICK, failed.get(0).path("hostId").asText());
            assertTrue(failed.get(0).path("reason").asText().contains("503"), failed.toString());
            assertEquals(Optional.of(v2), fleet.active(SICK), "the sick host did activate v2; its health then failed");
            JsonNode sickView = lading.json("fleet", "--model", repo.value(), "--label", "zone=eu-west-1b");
            assertTrue(sickView.toString().contains("\"ok\":false"), "the fleet view shows the failing probe: " + sickView);

            // Rollback: every host back to what it had at the start, from its own cache.
            long blobGets = registryCounter(registry, BLOB_GETS);
            long bytesSent = registryCounter(registry, BYTES_SENT);
            Set<String> blobsBefore = fleet.blobFiles();
            long rollbackStart = System.nanoTime();
            JsonNode rolledBack = lading.json("rollout", "rollback", first, "--reason", "gpu-07 unhealthy");
            assertEquals("rolled_back", rolledBack.path("state").asText());
            await("every host is back on v1", () -> f.countActive(v1) == HOSTS);
            System.out.printf("RolloutIT measurement: rollback command to all %d hosts on v1: %d ms%n", HOSTS,
                    (System.nanoTime() - rollbackStart) / 1_000_000);
            Thread.sleep(1500); // a heartbeat or two: any fetch a host would start, it would have started by now
            assertEquals(blobGets, registryCounter(registry, BLOB_GETS), "rollback fetched no blob from the registry");
            assertEquals(bytesSent, registryCounter(registry, BYTES_SENT), "rollback moved no blob bytes");
            assertEquals(blobsBefore, fleet.blobFiles(), "no host's cache gained a blob or a partial download");

            // Rollout 2, healthy: a daemon restarts and the registry restarts while it runs; it still completes.
            health.resetAll();
            health.stubFor(get(urlPathMatching("/health/.*")).willReturn(ok("ready")));
            JsonNode second = lading.json("rollout", "start", repo.value(), "--target", v2.toString(), "--wave", "count=1,bake=2s",
                    "--wave", "percent=50,bake=2s", "--wave", "percent=100", "--on-failure", "rollback");
            String id = second.path("id").asText();
            awaitRollout(lading, id, "wave 1 has activated", s -> s.path("currentWave").asInt() >= 1);
            String restarted = f.hosts().stream().filter(h -> f.active(h).equals(Optional.of(v1))).findFirst().orElseThrow();
            fleet.stop(restarted);
            registry.stop();
            Thread.sleep(1000);
            fleet.start(restarted);
            long restartStart = System.nanoTime();
            registry.restart();
            JsonNode done = awaitRollout(lading, id, "the second rollout completes", s -> s.path("state").asText().equals("completed"));
            System.out.printf("RolloutIT measurement: registry restart to rollout %s completed: %d ms%n", id,
                    (System.nanoTime() - restartStart) / 1_000_000);
            assertEquals(0, done.path("failedHosts").size(), done.toString());
            // Every daemon, the restarted one included, went on heartbeating through the outage: none was lost.
            done.path("waves").forEach(w -> assertEquals(0, w.path("lost").asInt(), "wave " + w.path("index") + ": " + done));
            await("every host runs v2", () -> f.countActive(v2) == HOSTS);
            JsonNode prod = lading.json("channel", "get", repo.value(), "prod");
            assertEquals(v2.toString(), prod.path("version").asText(), "completion moved the channel");
            JsonNode history = lading.json("channel", "history", repo.value(), "prod");
            assertEquals("rollout " + id, history.path("history").get(0).path("reason").asText(), history.toString());
            assertEquals(v1.toString(), history.path("history").get(1).path("version").asText(), history.toString());
            JsonNode list = lading.json("rollout", "list", "--model", repo.value());
            assertEquals(List.of(id, first), ids(list));
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            registry.close();
            health.stop();
        }
    }

    /**
     * Samples the fleet while a rollout runs. Invariant: the hosts on the target never outnumber the hosts of the
     * waves activated so far (hosts are counted before the status is read, so the status is never older than the
     * count). At the first activation anywhere, every host must already hold the target complete and pinned.
     */
    private static final class WaveWatch {
        final AtomicBoolean prefetchedEverywhereAtFirstActivation = new AtomicBoolean();
        final AtomicReference<String> firstActivationNote = new AtomicReference<>("no host activated the target while watched");
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final Fleet fleet;
        private final RegistryClient admin;
        private final Digest target;
        private volatile boolean stopped;
        private Thread thread;

        WaveWatch(Fleet fleet, RegistryClient admin, Digest target) {
            this.fleet = fleet;
            this.admin = admin;
            this.target = target;
        }

        void follow(String rollout) {
            thread = Thread.ofPlatform().name("wave-watch").start(() -> {
                boolean seenFirst = false;
                while (!stopped) {
                    try {
                        long onTarget = fleet.countActive(target);
                        if (onTarget > 0 && !seenFirst) {
                            seenFirst = true;
                            List<String> missing = new ArrayList<>();
                            for (String h : fleet.hosts()) {
                                if (!fleet.cached(h, target) || !fleet.pinned(h, target)) {
                                    missing.add(h);
                                }
                            }
                            prefetchedEverywhereAtFirstActivation.set(missing.isEmpty());
                            firstActivationNote.set("hosts without the target cached and pinned at the first activation: " + missing);
                        }
                        JsonNode s = admin.call("GET", "/lading/v1/rollouts/" + rollout, null, List.of()).body();
                        int wave = s.path("currentWave").asInt();
                        long allowed = 0;
                        for (int i = 0; i < wave && i < s.path("waves").size(); i++) {
                            allowed += s.path("waves").get(i).path("hosts").asLong();
                        }
                        if (onTarget > allowed) {
                            violations.add(onTarget + " hosts on the target while only waves 1.." + wave + " (" + allowed + " hosts) had activated");
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        violations.add("watch failed: " + e);
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(5000);
        }

        void assertHeld() {
            assertTrue(violations.isEmpty(), String.join("; ", violations));
        }
    }

    private Digest push(RegistryClient admin, RepositoryName repo, String tag, int... seeds) throws IOException {
        Path d = Files.createDirectories(dir.resolve("model-" + tag));
        for (int i = 0; i < seeds.length; i++) {
            TestFiles.random(d, "shard-" + i + ".bin", 64 * 1024 + 111 * i, seeds[i]);
        }
        return new ArtifactPusher(admin, 2, null).push(repo, Tag.parse(tag), d, PushListener.NONE).manifestDigest();
    }

    private static JsonNode awaitRollout(LadingCommand lading, String id, String what, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        try {
            await(what, () -> {
                try {
                    last.set(lading.json("rollout", "status", id));
                    return until.test(last.get());
                } catch (IOException | AssertionError e) {
                    error.set(e.getMessage());
                    return false; // the registry is restarting
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last status: " + last.get() + "; last error: " + error.get(), e);
        }
        return last.get();
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("rollouts").forEach(r -> out.add(r.path("id").asText()));
        return out;
    }

    private static long registryCounter(TestRegistry registry, Pattern metric) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long sum = 0;
        Matcher m = metric.matcher(body);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
