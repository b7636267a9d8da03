package io.lading.puller.daemon;

import io.lading.puller.fetch.FetchStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * The daemon's Prometheus metrics: verified bytes by source (registry, peers, cache), chunks that failed
 * verification, activations and their failures, versions the trust policy rejected or only warned about
 * ({@code lading_puller_signature_rejections_total}, {@code _warnings_total}), and the active version per model.
 */
final class PullerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge active = MultiGauge.builder("lading_puller_active_version")
            .description("1 for the version (manifest digest) active per model").register(registry);
    private final Counter activations = Counter.builder("lading_puller_activations").register(registry);
    private final Counter failures = Counter.builder("lading_puller_sync_failures")
            .description("Pulls or activations that failed; the active version stayed").register(registry);

    private final MultiGauge bytes = MultiGauge.builder("lading_puller_verified_bytes")
            .description("Blob bytes verified into the cache, by source").register(registry);
    private final FetchStats stats;

    PullerMetrics(FetchStats stats) {
        this.stats = stats;
        Gauge.builder("lading_puller_verify_failures", () -> stats.snapshot().verifyFailures())
                .description("Chunks that did not match the chunk index and were fetched again").register(registry);
        Gauge.builder("lading_puller_chunks_refetched", () -> stats.snapshot().chunksRefetched()).register(registry);
        Gauge.builder("lading_puller_hash_read_back_bytes", () -> stats.snapshot().bytesReadBack())
                .description("Blob bytes hashed by reading them back from disk, not as they arrived").register(registry);
    }

    void activated() {
        activations.increment();
    }

    /** A version the trust policy refused ({@code rejected}) or let through in {@code warn} mode ({@code warned}). */
    void signature(String outcome, String model, String rule) {
        Counter.builder("lading_puller_signature_" + outcome)
                .description("Versions the trust policy " + outcome + ", by model and rule")
                .tags("model", model, "rule", rule.isEmpty() ? "(none)" : rule).register(registry).increment();
    }

    void failed() {
        failures.increment();
    }

    void active(List<ModelStatus> models) {
        active.register(models.stream().filter(m -> m.active() != null)
                .map(m -> MultiGauge.Row.of(Tags.of("model", m.model(), "version", m.active()), 1)).toList(), true);
    }

    /**
     * Sources are refreshed on every scrape. Peers ({@code peer:<id>}) are summed as source {@code peer}, so a fleet
     * of a thousand hosts does not make a thousand series per host.
     */
    String scrape() {
        Map<String, Long> by = new java.util.TreeMap<>();
        stats.snapshot().bytesBySource().forEach((source, n) ->
                by.merge(source.startsWith(PEER_SOURCE_PREFIX) ? "peer" : source, n, Long::sum));
        bytes.register(by.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("source", e.getKey()), e.getValue())).toList(), true);
        return registry.scrape();
    }

    /** How peer sources are named by the peer package ({@code PeerBlobSource}). */
    private static final String PEER_SOURCE_PREFIX = "peer:";

    /** Issue 6: peers banned for serving bad chunks, and blob bytes this host served to peers. */
    void peers(java.util.function.LongSupplier bans, java.util.function.LongSupplier bytesServed) {
        this.peerBans = bans;
        this.peerBytesServed = bytesServed;
        // Counters named without _total: the Prometheus format appends it (lading_peer_bans_total). Micrometer
        // holds the measured object weakly, so it measures this (alive as long as the daemon), not the lambdas.
        FunctionCounter.builder("lading_peer_bans", this, m -> m.peerBans.getAsLong())
                .description("Peers banned for a blob because a chunk they served failed verification").register(registry);
        FunctionCounter.builder("lading_peer_served_bytes", this, m -> m.peerBytesServed.getAsLong())
                .description("Blob bytes this host served to LAN peers").register(registry);
    }

    private volatile java.util.function.LongSupplier peerBans = () -> 0;
    private volatile java.util.function.LongSupplier peerBytesServed = () -> 0;
}
