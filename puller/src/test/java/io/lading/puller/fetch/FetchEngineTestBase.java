package io.lading.puller.fetch;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** What every fetch engine test starts from: a cache in a temporary directory and blobs to serve. */
abstract class FetchEngineTestBase {
    static final long CHUNK = 256 * 1024;
    private static final long BUDGET = 1L << 30;

    @TempDir
    Path dir;

    CacheLayout layout() {
        return new CacheLayout(dir.resolve("cache"));
    }

    FetchEngine engine(FetchSettings settings) {
        return new FetchEngine(new BlobCache(layout(), BUDGET), settings);
    }

    TestBlob blob(long size, long seed) throws Exception {
        return TestBlob.write(dir.resolve("origin").resolve("blob-" + seed), size, CHUNK, seed);
    }
}
