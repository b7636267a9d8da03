package io.lading.puller.fetch;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * A puller process for {@link FetchEngineKillTest}: fetches one blob from a local file slowly (a bandwidth cap),
 * so the test can SIGKILL it mid-way. Arguments: cache root, blob file, chunk size, bytes per second.
 */
public final class SlowFetchChild {
    private SlowFetchChild() {
    }

    public static void main(String[] args) throws Exception {
        CacheLayout layout = new CacheLayout(Path.of(args[0]));
        TestBlob blob = TestBlob.describe(Path.of(args[1]), Long.parseLong(args[2]));
        FetchEngine engine = new FetchEngine(new BlobCache(layout, Long.MAX_VALUE),
                FetchSettings.defaults().withParallelism(2).withBytesPerSecond(Long.parseLong(args[3])));
        engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("registry", blob)),
                FetchListener.NONE);
        System.out.println("finished");
    }
}
