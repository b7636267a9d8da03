package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Fetching from sources that behave: what arrives, what moves, how fast. */
class FetchEngineTest extends FetchEngineTestBase {

    @Test
    void givenTwoSources_whenFetching_thenTheBlobIsByteIdenticalAndAppearsUnderItsDigestOnlyWhenComplete()
            throws Exception {
        TestBlob blob = blob(10 * CHUNK + 123, 1);
        FileBlobSource a = new FileBlobSource("a", blob);
        FileBlobSource b = new FileBlobSource("b", blob);
        List<Boolean> visibleMidway = new CopyOnWriteArrayList<>();
        FetchListener watchCache = new FetchListener() {
            @Override
            public void chunkVerified(Digest d, int chunk, String source, long bytes) {
                visibleMidway.add(Files.exists(layout().blob(d)));
            }
        };

        Path fetched = engine(FetchSettings.defaults()).fetch(blob.digest(), blob.size(), blob.index(),
                List.of(a, b), watchCache);

        assertEquals(layout().blob(blob.digest()), fetched);
        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(List.of(false), visibleMidway.stream().distinct().toList(), "never visible before complete");
        assertEquals(blob.chunkCount(), visibleMidway.size());
        assertEquals(blob.size(), a.bytesServed() + b.bytesServed(), "every byte moved once");
        assertTrue(a.bytesServed() > 0 && b.bytesServed() > 0, "chunks are spread over both sources");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ), Files.getPosixFilePermissions(fetched));
        assertFalse(Files.exists(layout().partial(blob.digest())), "the partial download is gone");
    }

    @Test
    void givenNoChunkIndex_whenFetching_thenFixedRangesAreVerifiedByTheWholeDigest() throws Exception {
        TestBlob blob = blob(5 * CHUNK + 9, 4);
        FileBlobSource registry = new FileBlobSource("foreign-registry", blob);
        FetchEngine engine = engine(FetchSettings.defaults().withFallbackChunkSize(2 * CHUNK));

        Path fetched = engine.fetch(blob.digest(), blob.size(), null, List.of(registry), FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(List.of(0L, 2 * CHUNK, 4 * CHUNK), registry.offsetsRequested().stream().sorted().toList());
    }

    @Test
    void givenACachedBlob_whenFetchingAgain_thenZeroBytesMove() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 6);
        FetchEngine engine = engine(FetchSettings.defaults());
        engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("first", blob)),
                FetchListener.NONE);
        FileBlobSource second = new FileBlobSource("second", blob);

        Path again = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(second), FetchListener.NONE);

        assertEquals(0, second.bytesServed());
        assertTrue(second.offsetsRequested().isEmpty());
        assertEquals(-1, Files.mismatch(blob.file(), again));
        assertEquals(1, engine.stats().snapshot().blobsFromCache());
    }

    @Test
    void givenABandwidthCap_whenFetchingWithFourStreams_thenTheRateStaysWithinTwentyPercentOfTheCap()
            throws Exception {
        long cap = 2L << 20;
        TestBlob blob = blob(4L << 20, 9);
        FetchEngine engine = engine(FetchSettings.defaults().withBytesPerSecond(cap));

        long start = System.nanoTime();
        engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("registry", blob)),
                FetchListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;

        double rate = blob.size() / seconds;
        assertTrue(rate <= cap * 1.2 && rate >= cap * 0.8, "moved " + rate + " bytes/s under a cap of " + cap);
    }

    @Test
    void givenTwoFetchesOfTheSameBlobAtOnce_whenBothFinish_thenItsBytesMovedOnce() throws Exception {
        TestBlob blob = blob(8 * CHUNK, 12);
        FileBlobSource registry = new FileBlobSource("registry", blob);
        FetchEngine engine = engine(FetchSettings.defaults());
        Callable<Path> fetch = () -> engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(registry),
                FetchListener.NONE);

        List<Future<Path>> both;
        try (ExecutorService two = Executors.newVirtualThreadPerTaskExecutor()) {
            both = List.of(two.submit(fetch), two.submit(fetch));
        }

        assertEquals(both.get(0).get(), both.get(1).get());
        assertEquals(blob.size(), registry.bytesServed(), "the second fetch waited and found the blob cached");
        assertEquals(-1, Files.mismatch(blob.file(), both.get(0).get()));
    }

    @Test
    void givenAnEmptyBlob_whenFetching_thenItIsStoredWithoutAskingAnySource() throws Exception {
        TestBlob empty = TestBlob.of(dir.resolve("origin/empty"), new byte[0]);
        FileBlobSource registry = new FileBlobSource("registry", empty);

        Path fetched = engine(FetchSettings.defaults()).fetch(empty.digest(), 0, empty.index(), List.of(registry),
                FetchListener.NONE);

        assertEquals(0, Files.size(fetched));
        assertEquals(layout().blob(empty.digest()), fetched);
        assertTrue(registry.offsetsRequested().isEmpty());
    }
}
