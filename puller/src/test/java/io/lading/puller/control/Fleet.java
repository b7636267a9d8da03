package io.lading.puller.control;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.daemon.CachedVersions;
import io.lading.puller.daemon.ControlPlaneConfig;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.RunningDaemon;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * N real daemons in this JVM, each with its own cache directory and host id, following one model's channel
 * through a registry's control plane on loopback; each probes its own health URL. What the tests read of a
 * host comes from its cache on disk (the {@code current} link, complete versions, pins), not from the daemon.
 */
final class Fleet implements AutoCloseable {
    private final Map<String, DaemonConfig> configs = new LinkedHashMap<>();
    private final Map<String, RunningDaemon> running = new LinkedHashMap<>();
    private final RepositoryName model;
    private final Path root;

    Fleet(Path root, TestRegistry registry, Path passwordFile, RepositoryName model, int hosts, String healthBase) {
        this(root, registry, passwordFile, model, hosts, healthBase, host -> null);
    }

    /** {@code hookFor} gives each host's on-activate command (null: none). */
    Fleet(Path root, TestRegistry registry, Path passwordFile, RepositoryName model, int hosts, String healthBase,
          java.util.function.Function<String, String> hookFor) {
        this.root = root;
        this.model = model;
        for (int i = 1; i <= hosts; i++) {
            String host = String.format("gpu-%02d", i);
            Map<String, String> labels = Map.of("region", "eu-west", "zone", i % 2 == 0 ? "eu-west-1a" : "eu-west-1b", "pool", "serving");
            DaemonConfig.Model followed = new DaemonConfig.Model(model.value(), null, hookFor.apply(host), null, null, "prod",
                    healthBase + "/health/" + host, 2);
            DaemonConfig config = new DaemonConfig(registry.url(), TestRegistry.ADMIN, passwordFile.toString(),
                    root.resolve(host).toString(), "1GiB", "127.0.0.1:0", null, null, 2, labels, List.of(followed), null,
                    host, new ControlPlaneConfig(null, 1, 5));
            configs.put(host, config);
        }
    }

    void startAll() throws IOException {
        for (String host : configs.keySet()) {
            start(host);
        }
    }

    void start(String host) throws IOException {
        running.put(host, RunningDaemon.start(configs.get(host)));
    }

    void stop(String host) {
        running.remove(host).close();
    }

    List<String> hosts() {
        return new ArrayList<>(configs.keySet());
    }

    private CacheLayout layout(String host) {
        return new CacheLayout(root.resolve(host));
    }

    /** The host's active version, read from its {@code current} link. */
    Optional<Digest> active(String host) {
        Path current = layout(host).models().resolve(model.value()).resolve("current");
        try {
            String target = Files.readSymbolicLink(current).getFileName().toString();
            return Optional.of(Digest.parse("sha256:" + target));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    long countActive(Digest version) {
        return configs.keySet().stream().filter(h -> active(h).equals(Optional.of(version))).count();
    }

    /** Complete in the host's cache: manifest and every blob, verified. */
    boolean cached(String host, Digest version) {
        return new CachedVersions(new BlobCache(layout(host), Long.MAX_VALUE)).complete(version);
    }

    /** Kept from eviction on this host, by an explicit pin or as current/previous. */
    boolean pinned(String host, Digest version) throws IOException {
        return new BlobCache(layout(host), Long.MAX_VALUE).pinned().contains(version);
    }

    /** Every blob file in every host's cache, and anything under partial/ (a download in progress). */
    Set<String> blobFiles() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String host : configs.keySet()) {
            for (String dir : List.of("blobs", "partial")) {
                Path d = root.resolve(host).resolve(dir);
                if (Files.isDirectory(d)) {
                    try (Stream<Path> files = Files.walk(d)) {
                        files.filter(Files::isRegularFile).forEach(f -> out.add(root.relativize(f).toString()));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        running.values().forEach(RunningDaemon::close);
        running.clear();
    }
}
