package io.lading.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The registry's Prometheus metrics: requests and latencies by endpoint, bytes in and out, upload sessions. */
public final class RegistryMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter bytesIn = Counter.builder("lading_blob_bytes_received").description("Blob bytes received in uploads").register(registry);
    private final Counter bytesOut = Counter.builder("lading_blob_bytes_sent").description("Blob bytes sent in downloads").register(registry);
    private final AtomicLong uploadsInProgress = new AtomicLong();
    private final AtomicLong trackedPeers = new AtomicLong();
    private final Counter peerAnnounces = Counter.builder("lading_tracker_announces").description("Peer announces accepted by the tracker").register(registry);
    private final Counter peerAnnouncedBlobs = Counter.builder("lading_tracker_announced_blobs").description("Blob entries in accepted peer announces").register(registry);
    private final Counter peerQueries = Counter.builder("lading_tracker_queries").description("Peer queries answered by the tracker").register(registry);

    public RegistryMetrics() {
        Gauge.builder("lading_upload_sessions", uploadsInProgress, AtomicLong::get)
                .description("Upload sessions started on this replica and not yet finished or cancelled").register(registry);
        Gauge.builder("lading_tracker_peers", trackedPeers, AtomicLong::get)
                .description("Live LAN peers in the tracker, as of this replica's last peer janitor run").register(registry);
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

    public void trackedPeers(long live) {
        trackedPeers.set(live);
    }

    public void peerAnnounce(int blobs) {
        peerAnnounces.increment();
        peerAnnouncedBlobs.increment(blobs);
    }

    public void peerQuery() {
        peerQueries.increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
