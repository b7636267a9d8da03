package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activation and rollback must not copy bytes, so their cost cannot grow with model size: 8 shards of 4 GiB
 * in total against 8 of 16 GiB (sparse files: activation never reads blob bytes). Asserts that every file of
 * a built version is a hard link to its blob; prints the medians of both sizes for the record (times are
 * machine-dependent, so they are reported, not asserted).
 */
class ActivationCostTest {
    private static final long GIB = 1L << 30;
    private static final int SHARDS = 8;
    private static final int ROUNDS = 7;

    @TempDir
    Path root;

    @Test
    void givenVersionsOf4And16GiB_whenActivatedAndRolledBack_thenNothingIsCopied() throws Exception {
        CacheFixture cache = new CacheFixture(root);
        Activator activator = new Activator(cache.layout);
        List<CacheFixture.Layer> small = shards(cache, 4 * GIB);
        List<CacheFixture.Layer> large = shards(cache, 16 * GIB);

        Result four = measure(activator, cache, "small", small);
        Result sixteen = measure(activator, cache, "large", large);

        System.out.printf("activation (build 8 hard links + swap), median of %d: 4 GiB %.2f ms, 16 GiB %.2f ms%n",
                ROUNDS, four.activateMillis, sixteen.activateMillis);
        System.out.printf("rollback (two renames + completeness check), median of %d: 4 GiB %.2f ms, 16 GiB %.2f ms%n",
                ROUNDS, four.rollbackMillis, sixteen.rollbackMillis);
        for (CacheFixture.Layer l : large) {
            // The blob itself plus one link from every large version built: nothing was copied.
            assertEquals(1 + ROUNDS + 1, VersionBuilderTest.nlink(cache.layout.blob(l.digest())));
        }
    }

    private record Result(double activateMillis, double rollbackMillis) {
    }

    /** Each round activates a never-built version (a new model name) and rolls back to the one before it. */
    private Result measure(Activator activator, CacheFixture cache, String name, List<CacheFixture.Layer> layers) {
        List<Double> activate = new ArrayList<>();
        List<Double> rollback = new ArrayList<>();
        Digest manifest = cache.manifest(layers);
        for (int round = 0; round < ROUNDS; round++) {
            RepositoryName model = RepositoryName.parse(name + "-" + round);
            activator.activate(model, cache.version("warm " + round), Hook.none());
            long t0 = System.nanoTime();
            activator.activate(model, manifest, Hook.none());
            long t1 = System.nanoTime();
            activator.rollback(model, Hook.none());
            long t2 = System.nanoTime();
            activate.add((t1 - t0) / 1e6);
            rollback.add((t2 - t1) / 1e6);
        }
        // One more build of the same content under a warm model, so each shard has ROUNDS + 1 links.
        activator.activate(RepositoryName.parse(name + "-extra"), manifest, Hook.none());
        return new Result(median(activate), median(rollback));
    }

    private static List<CacheFixture.Layer> shards(CacheFixture cache, long total) {
        List<CacheFixture.Layer> layers = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            layers.add(cache.sparseLayer("model-0000" + i + "-of-00008.safetensors", total / SHARDS));
        }
        return layers;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
