package io.lading.puller.daemon;

import static io.lading.puller.daemon.DaemonSupport.await;
import static io.lading.puller.daemon.DaemonSupport.link;
import static io.lading.puller.daemon.DaemonSupport.push;
import static io.lading.puller.daemon.DaemonSupport.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout's prefetch runs beside the sync loop: while one model's next version trickles in (the daemon's
 * bandwidth cap makes it take seconds), another model's channel move is activated at once.
 */
class PrefetchBesideSyncIT {
    private static final int BIG = 16 << 20;

    @TempDir
    Path dir;

    @Test
    void givenALongPrefetchOfOneModel_whenAnotherModelsChannelMoves_thenItIsActivatedWithoutWaitingForThePrefetch()
            throws Exception {
        try (TestRegistry registry = TestRegistry.start(1 << 20, "--rollout-tick", "200ms")) {
            RegistryClient admin = registry.admin();
            RepositoryName big = TestFiles.uniqueRepository("big");
            RepositoryName small = TestFiles.uniqueRepository("small");
            Digest big1 = push(admin, big, "v1", shards(dir, "big1", 1)).manifestDigest();
            Path big2Files = Files.createDirectories(dir.resolve("big2"));
            TestFiles.random(big2Files, "weights.bin", BIG, 2);
            Digest big2 = push(admin, big, "v2", big2Files).manifestDigest();
            Digest small1 = push(admin, small, "v1", shards(dir, "small1", 3)).manifestDigest();
            Digest small2 = push(admin, small, "v2", shards(dir, "small2", 4)).manifestDigest();
            Path cache = dir.resolve("cache");

            try (RunningDaemon daemon = RunningDaemon.start(config(registry, cache, big, small))) {
                setChannel(admin, big, big1);
                setChannel(admin, small, small1);
                await("both models run v1", () -> current(cache, big).equals(big1.hex()) && current(cache, small).equals(small1.hex()));

                RegistryClient.Reply started = admin.call("POST", "/lading/v1/rollouts", Map.of("model", big.value(),
                        "target", big2.toString(), "waves", List.of(Map.of("percent", 100))), scopes(big));
                assertEquals(201, started.status(), String.valueOf(started.body()));
                Thread.sleep(1000); // the host hears of the rollout within milliseconds: its prefetch (~8 s) is under way
                setChannel(admin, small, small2);
                await("the other model runs its v2", () -> current(cache, small).equals(small2.hex()));
                assertFalse(new CachedVersions(new BlobCache(new CacheLayout(cache), Long.MAX_VALUE)).complete(big2),
                        "the other model's change did not wait for the prefetch");

                await("the rollout reaches the host once the prefetch is in", () -> current(cache, big).equals(big2.hex()));
            }
        }
    }

    private DaemonConfig config(TestRegistry registry, Path cache, RepositoryName... models) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD + "\n");
        List<DaemonConfig.Model> followed = java.util.Arrays.stream(models)
                .map(m -> new DaemonConfig.Model(m.value(), null, null, null, null, "prod", null, null)).toList();
        DaemonConfig config = new DaemonConfig(registry.url(), TestRegistry.ADMIN, password.toString(), cache.toString(),
                "1GiB", "127.0.0.1:0", null, "2MiB", 2, Map.of(), followed, null, null, "gpu-prefetch",
                new ControlPlaneConfig(null, 1, 5));
        config.check();
        return config;
    }

    private static String current(Path cache, RepositoryName model) {
        String link = link(cache.resolve("models").resolve(model.value()).resolve("current"));
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static List<String> scopes(RepositoryName model) {
        return List.of("repository:" + model.value() + ":pull,rollout");
    }

    private static void setChannel(RegistryClient admin, RepositoryName model, Digest version) throws Exception {
        RegistryClient.Reply set = admin.call("PUT", "/lading/v1/channels/" + model.value() + "/prod",
                Map.of("version", version.toString()), scopes(model));
        assertEquals(200, set.status(), String.valueOf(set.body()));
    }
}
