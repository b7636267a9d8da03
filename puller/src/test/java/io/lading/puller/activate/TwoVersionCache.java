package io.lading.puller.activate;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The starting point of most activation tests: a fresh cache holding two pulled versions of one model. */
abstract class TwoVersionCache {
    static final RepositoryName MODEL = RepositoryName.parse("team/llama");

    @TempDir
    Path root;
    CacheFixture cache;
    Activator activator;
    Digest v1;
    Digest v2;
    /** {@code models/team/llama} under the cache root. */
    Path modelDir;

    @BeforeEach
    void createCacheWithTwoVersions() {
        cache = new CacheFixture(root);
        activator = new Activator(cache.layout);
        v1 = cache.version("v1 shard 0", "v1 shard 1");
        v2 = cache.version("v2 shard 0", "v2 shard 1");
        modelDir = root.resolve("models/team/llama");
    }
}
