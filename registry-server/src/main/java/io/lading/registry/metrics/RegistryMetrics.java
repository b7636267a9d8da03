package io.lading.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The registry's Prometheus metrics: requests and latencies by endpoint, bytes in and out, upload sessions. */
public final class RegistryMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesIn = Counter.builder("lading_blob_bytes_received").description("Blob bytes received in uploads").register(registry);
    private final Counter bytesOut = Counter.builder("lading_blob_bytes_sent").description("Blob bytes sent in downloads").register(registry);
    private final AtomicLong uploadsInProgress = new AtomicLong();
    private final Counter heartbeats = Counter.builder("lading_host_heartbeats").description("Host heartbeats received").register(registry);
    private final Counter desiredPolls = Counter.builder("lading_desired_polls").description("Desired-state requests (long polls) received").register(registry);
    private final AtomicLong liveHosts = new AtomicLong();
    private final AtomicLong lostHosts = new AtomicLong();
    private final MultiGauge rolloutState = MultiGauge.builder("lading_rollout_state")
            .description("1 for each rollout's current state, 0 for the others").register(registry);
    private final MultiGauge rolloutWave = MultiGauge.builder("lading_rollout_wave")
            .description("The rollout's current wave (0 before the first activates)").register(registry);
    private final MultiGauge rolloutHosts = MultiGauge.builder("lading_rollout_hosts")
            .description("A rollout's targeted hosts by the furthest status each reached").register(registry);

    public RegistryMetrics() {
        Gauge.builder("lading_upload_sessions", uploadsInProgress, AtomicLong::get)
                .description("Upload sessions started on this replica and not yet finished or cancelled").register(registry);
        Gauge.builder("lading_fleet_hosts", liveHosts, AtomicLong::get).tag("state", "live").description("Registered hosts by state").register(registry);
        Gauge.builder("lading_fleet_hosts", lostHosts, AtomicLong::get).tag("state", "lost").description("Registered hosts by state").register(registry);
    }

    /** One rollout's gauges: its state among {@code allStates}, its wave, and its hosts by status. */
    public record RolloutGauges(String rollout, String model, String state, List<String> allStates, int wave,
                                Map<String, Integer> hosts) {
    }

    public void heartbeat() {
        heartbeats.increment();
    }

    public void desiredPoll() {
        desiredPolls.increment();
    }

    public void fleet(long live, long lost) {
        liveHosts.set(live);
        lostHosts.set(lost);
    }

    /** Replaces every rollout gauge with these rows, so finished rollouts drop out. */
    public void rollouts(List<RolloutGauges> rows) {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> waves = new ArrayList<>();
        List<MultiGauge.Row<?>> hosts = new ArrayList<>();
        for (RolloutGauges r : rows) {
            for (String s : r.allStates()) {
                states.add(MultiGauge.Row.of(Tags.of("rollout", r.rollout(), "model", r.model(), "state", s), s.equals(r.state()) ? 1 : 0));
            }
            waves.add(MultiGauge.Row.of(Tags.of("rollout", r.rollout()), r.wave()));
            r.hosts().forEach((status, n) -> hosts.add(MultiGauge.Row.of(Tags.of("rollout", r.rollout(), "status", status), n)));
        }
        rolloutState.register(states, true);
        rolloutWave.register(waves, true);
        rolloutHosts.register(hosts, true);
    }

    public void request(String endpoint, String method, int status, Duration elapsed) {
        Timer.builder("lading_http_requests")
                .description("HTTP requests by endpoint, method and status")
                .tag("endpoint", endpoint).tag("method", method).tag("status", Integer.toString(status))
                .publishPercentileHistogram(false)
                .register(registry).record(elapsed);
    }

    public void bytesReceived(long n) {
        bytesIn.increment(n);
    }

    public void bytesSent(long n) {
        bytesOut.increment(n);
    }

    public void uploadStarted() {
        uploadsInProgress.incrementAndGet();
    }

    public void uploadEnded() {
        uploadsInProgress.updateAndGet(v -> Math.max(0, v - 1));
    }

    public String scrape() {
        return registry.scrape();
    }
}
