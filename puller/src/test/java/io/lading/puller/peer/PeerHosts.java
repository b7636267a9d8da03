package io.lading.puller.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.PeerConfig;
import io.lading.puller.daemon.RunningDaemon;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
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
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Puller daemons with peers on, each on its own loopback address (127.0.0.x: all of 127/8 is loopback on Linux),
 * following one tag of one repository; closed together at the end of a test.
 */
final class PeerHosts implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final String registryUrl;
    private final List<RunningDaemon> running = new ArrayList<>();

    PeerHosts(Path dir, String registryUrl) {
        this.dir = dir;
        this.registryUrl = registryUrl;
    }

    /** How a host's peer side is tuned; {@code null} leaves a default. */
    record Tuning(Integer fallbackSeconds, Integer stallSeconds, Integer settleSeconds) {
    }

    /** A host with id {@code host-<n>} on 127.0.0.{@code n}, labelled with {@code labels}, following repo:prod. */
    Host start(int n, RepositoryName repository, Map<String, String> labels, Tuning tuning) throws IOException {
        Path cache = dir.resolve("host-" + n);
        Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD + "\n");
        PeerConfig peer = new PeerConfig(true, "host-" + n, "127.0.0." + n + ":0", null, null, null, null,
                tuning.fallbackSeconds(), tuning.stallSeconds(), null, null, tuning.settleSeconds());
        DaemonConfig config = new DaemonConfig(registryUrl, TestRegistry.ADMIN, password.toString(), cache.toString(),
                "1GiB", "127.0.0.1:0", 1, null, 4, labels,
                List.of(new DaemonConfig.Model(repository.value(), "prod", null, null, 10)), null, peer);
        RunningDaemon daemon = RunningDaemon.start(config);
        running.add(daemon);
        return new Host("host-" + n, cache, daemon);
    }

    /** One host: its id, cache root and daemon. */
    record Host(String id, Path cache, RunningDaemon daemon) {

        Path blob(Digest digest) {
            return cache.resolve("blobs").resolve(digest.relativePath());
        }

        boolean holds(Digest digest) {
            return Files.isRegularFile(blob(digest));
        }

        String peerUrl() {
            return "http://127.0.0." + id.substring("host-".length()) + ":" + daemon.peerPort();
        }

        JsonNode status() throws Exception {
            return JSON.readTree(get("/status"));
        }

        /**
         * A Prometheus sample's value, 0 when absent: the first line that starts with {@code series} (a name, or a
         * name and the start of its labels such as {@code x{source="peer"}).
         */
        double metric(String series) throws Exception {
            for (String line : get("/metrics").split("\n")) {
                if (line.startsWith(series)) {
                    String[] parts = line.trim().split(" ");
                    return Double.parseDouble(parts[parts.length - 1]);
                }
            }
            return 0;
        }

        private String get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Stops every daemon: each leaves the tracker and closes its peer server. */
    @Override
    public void close() {
        running.forEach(RunningDaemon::close);
        running.clear();
    }
}
