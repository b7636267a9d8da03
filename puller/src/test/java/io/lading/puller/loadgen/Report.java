package io.lading.puller.loadgen;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The table the benchmark prints: latencies in milliseconds, memory, CPU, failures, and PASS/MISS per target. */
final class Report {
    private static final String ROW = "%-46s %7s %8s %8s %8s %8s   %s%n";
    private static final List<String> METRICS = List.of("lading_host_heartbeats_total", "lading_desired_polls_total", "lading_fleet_hosts");

    private final LoadGen run;
    final Histogram heartbeats;
    final Histogram immediate;
    final ChangeLog.Attribution notify;
    final ProcessSampler.Usage usage;
    final Fleet fleet;
    final List<String> timeline;
    private final String metrics;
    private final Map<String, String> serverTimes;
    private final List<String> misses = new ArrayList<>();
    /** Failed requests in the window, taken when the window closed (stopping the fleet cuts requests short). */
    final Map<String, Long> failures = new TreeMap<>();

    Report(LoadGen run, Histogram heartbeats, Histogram immediate, ChangeLog.Attribution notify, ProcessSampler.Usage usage,
           Fleet fleet, List<String> timeline, String metrics, Map<String, String> serverTimes) {
        this.run = run;
        this.heartbeats = heartbeats;
        this.immediate = immediate;
        this.notify = notify;
        this.usage = usage;
        this.fleet = fleet;
        fleet.failures.forEach((k, v) -> failures.put(k, v.get()));
        this.timeline = timeline;
        this.metrics = metrics;
        this.serverTimes = serverTimes;
    }

    /** Prints the report; true when every target is met. */
    boolean print(PrintStream out) {
        out.printf("control-plane bench%s: %d hosts, heartbeat every %d s, long poll wait=%d s, a poll without since= every %d s per host,"
                        + " %d s measured after %d s warm-up%n", run.label.isEmpty() ? "" : " (" + run.label + ")", run.hostCount,
                run.heartbeatSeconds, run.waitSeconds, run.resyncSeconds, run.durationSeconds, run.warmupSeconds);
        if (run.registeredBeforeWindow < run.hostCount) {
            misses.add("registration");
            out.printf("only %d of %d hosts had registered when the warm-up began; the rest kept retrying (MISS)%n",
                    run.registeredBeforeWindow, run.hostCount);
        }
        out.printf(ROW, "latency (ms)", "count", "p50", "p95", "p99", "max", "target");
        latencyRow(out, "heartbeat round trip", heartbeats, true);
        latencyRow(out, "desired state, immediate answer", immediate, true);
        latencyRow(out, "change committed -> held poll answered", notify.all(), true);
        for (ChangeLog.Matched m : notify.perChange()) {
            latencyRow(out, "  " + m.change().label(), m.micros(), false);
        }
        out.println("registry-side time in the window (lading_http_requests_seconds; held polls include their wait):");
        serverTimes.forEach((k, v) -> out.println("  " + k + ": " + v));
        out.printf("held polls: %d answered, %d timed out unchanged; changed answers to polls sent after the change: %d;"
                + " not matched to a change: %d%n", fleet.polls.get(), fleet.heldTimeouts.get(), notify.notHeld(), notify.unmatched());
        long rssPeakMib = usage.hwmKb() / 1024;
        String rssVerdict = verdict(rssPeakMib < run.rssTargetMib, "server RSS");
        out.printf("registry memory: RSS peak %d MiB (VmHWM, whole run), max sampled in window %d MiB   target < %d MiB  %s%n",
                rssPeakMib, usage.rssMaxKb() / 1024, run.rssTargetMib, rssVerdict);
        out.printf("                 Java heap used max %d MiB (old generation %d MiB), committed max %d MiB (jstat, 1 s samples);"
                + " GC time in window %.2f s%n", usage.heapUsedMaxKb() / 1024, usage.oldUsedMaxKb() / 1024,
                usage.heapCommittedMaxKb() / 1024, usage.gcSeconds());
        out.printf("CPU seconds in %.1f s: server %.1f (%.2f cores), generator %.1f (%.2f cores), postgres (all its processes) %.1f"
                        + " (%.2f cores); whole machine busy %.0f %%%n", usage.seconds(), usage.serverCpu(), usage.serverCpu() / usage.seconds(),
                usage.generatorCpu(), usage.generatorCpu() / usage.seconds(), usage.postgresCpu(), usage.postgresCpu() / usage.seconds(),
                usage.machineBusyPercent());
        out.println("failures in window: " + (failures.isEmpty() ? "none" : failures));
        timeline.forEach(t -> out.println("  " + t));
        if (metrics != null) {
            metrics.lines().filter(l -> METRICS.stream().anyMatch(l::startsWith)).forEach(l -> out.println("  /metrics " + l));
        }
        if (!failures.isEmpty()) {
            misses.add("requests failed");
        }
        out.println(misses.isEmpty() ? "result: PASS" : "result: MISS (" + String.join(", ", misses) + ")");
        return misses.isEmpty();
    }

    private void latencyRow(PrintStream out, String name, Histogram h, boolean judged) {
        String target = "";
        if (judged) {
            boolean ok = h.getTotalCount() > 0 && ms(h.getValueAtPercentile(99)) < run.p99TargetMs;
            target = String.format("p99 < %.0f  %s", run.p99TargetMs, verdict(ok, name));
        }
        if (h.getTotalCount() == 0) {
            out.printf(ROW, name, "0", "-", "-", "-", "-", target);
            return;
        }
        out.printf(ROW, name, h.getTotalCount(), f(h.getValueAtPercentile(50)), f(h.getValueAtPercentile(95)),
                f(h.getValueAtPercentile(99)), f(h.getMaxValue()), target);
    }

    private String verdict(boolean ok, String what) {
        if (!ok) {
            misses.add(what);
        }
        return ok ? "PASS" : "MISS";
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static String f(long micros) {
        return String.format("%.2f", ms(micros));
    }
}
