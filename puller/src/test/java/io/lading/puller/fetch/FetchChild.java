package io.lading.puller.fetch;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * A puller process for {@link FetchEngineProcessTest}: fetches one blob from a local file, so a test can
 * SIGKILL it mid-way or run it with a small heap. Arguments: cache root, blob file, chunk size, bytes per
 * second (0 for no cap), parallelism.
 */
public final class FetchChild {
    private FetchChild() {
    }

    public static void main(String[] args) throws Exception {
        CacheLayout layout = new CacheLayout(Path.of(args[0]));
        TestBlob blob = TestBlob.describe(Path.of(args[1]), Long.parseLong(args[2]));
        FetchSettings settings = FetchSettings.defaults().withBytesPerSecond(Long.parseLong(args[3]))
                .withParallelism(Integer.parseInt(args[4]));
        new FetchEngine(new BlobCache(layout, Long.MAX_VALUE), settings).fetch(blob.digest(), blob.size(),
                blob.index(), List.of(new FileBlobSource("registry", blob)), FetchListener.NONE);
        System.out.println("fetched " + blob.digest() + " with at most "
                + Runtime.getRuntime().maxMemory() + " bytes of heap");
    }
}
