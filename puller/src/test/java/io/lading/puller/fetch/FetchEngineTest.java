package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.cache.DigestMismatch;
import io.lading.puller.cache.DiskFull;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchEngineTest {
    private static final long CHUNK = 256 * 1024;
    private static final long BUDGET = 1L << 30;

    @TempDir
    Path dir;

    private CacheLayout layout() {
        return new CacheLayout(dir.resolve("cache"));
    }

    private FetchEngine engine(FetchSettings settings) {
        return new FetchEngine(new BlobCache(layout(), BUDGET), settings);
    }

    private TestBlob blob(long size, long seed) throws Exception {
        return TestBlob.write(dir.resolve("origin").resolve("blob-" + seed), size, CHUNK, seed);
    }

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
    void givenOneSourceCorruptsAChunk_whenFetching_thenTheChunkIsRefetchedFromTheOtherAndTheBadSourceReported()
            throws Exception {
        TestBlob blob = blob(8 * CHUNK, 2);
        // Chunks are spread round-robin over the sources in the order given, so even chunks go to bad-peer first.
        long corruptAt = 2 * CHUNK + 777;
        FileBlobSource bad = new MisbehavingSources.Corrupting("bad-peer", blob, corruptAt);
        FileBlobSource good = new FileBlobSource("registry", blob);
        List<String> rejected = new CopyOnWriteArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void sourceRejected(Digest d, int chunk, String source, String reason) {
                rejected.add(source + " chunk " + chunk + " " + reason);
            }
        };
        FetchEngine engine = engine(FetchSettings.defaults());

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(bad, good), listener);

        assertEquals(-1, Files.mismatch(blob.file(), fetched), "the cache holds the true bytes only");
        assertEquals(1, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).startsWith("bad-peer chunk 2 CORRUPT"), rejected.toString());
        FetchStats.Snapshot stats = engine.stats().snapshot();
        assertEquals(1, stats.verifyFailures());
        assertEquals(1, stats.chunksRefetched());
        assertTrue(good.offsetsRequested().contains(2 * CHUNK), "chunk 2 came again from the registry");
        assertEquals(blob.size() + CHUNK, stats.bytesFrom("bad-peer") + stats.bytesFrom("registry"));
    }

    @Test
    void givenAnIndexWhoseChunksMatchButWholeDigestIsWrong_whenFetching_thenNothingIsStoredUnderTheDigest()
            throws Exception {
        TestBlob blob = blob(4 * CHUNK + 5, 3);
        Digest claimed = Digest.sha256Of("some other blob".getBytes());
        ChunkIndex lying = new ChunkIndex(claimed, blob.size(), CHUNK, blob.index().chunks());
        FileBlobSource source = new FileBlobSource("registry", claimed, blob.file());

        DigestMismatch e = assertThrows(DigestMismatch.class, () -> engine(FetchSettings.defaults())
                .fetch(claimed, blob.size(), lying, List.of(source), FetchListener.NONE));

        assertEquals(blob.digest(), e.actual());
        assertTrue(e.getMessage().contains("nothing was stored under " + claimed), e.getMessage());
        assertFalse(Files.exists(layout().blob(claimed)));
        assertFalse(Files.exists(layout().partial(claimed)), "the useless partial download is discarded");
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
    void givenNoChunkIndexAndACorruptSource_whenFetching_thenTheWholeDigestRefusesIt() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 5);
        FileBlobSource bad = new MisbehavingSources.Corrupting("bad-peer", blob, CHUNK + 1);

        assertThrows(DigestMismatch.class, () -> engine(FetchSettings.defaults())
                .fetch(blob.digest(), blob.size(), null, List.of(bad), FetchListener.NONE));

        assertFalse(Files.exists(layout().blob(blob.digest())));
        assertFalse(Files.exists(layout().partial(blob.digest())));
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
    void givenASourceThatStopsAfterThreeChunks_whenANewEngineResumes_thenOnlyTheMissingChunksAreRequested()
            throws Exception {
        TestBlob blob = blob(10 * CHUNK + 17, 7);
        FileBlobSource dying = new MisbehavingSources.FailingAfter("peer", blob, 3);
        FetchSettings oneStream = FetchSettings.defaults().withParallelism(1).withMaxAttemptsPerChunk(2);

        FetchFailed failed = assertThrows(FetchFailed.class, () -> engine(oneStream)
                .fetch(blob.digest(), blob.size(), blob.index(), List.of(dying), FetchListener.NONE));
        assertTrue(failed.getMessage().contains("connection refused"), failed.getMessage());
        assertFalse(Files.exists(layout().blob(blob.digest())));

        FileBlobSource fresh = new FileBlobSource("registry", blob);
        Path fetched = engine(FetchSettings.defaults()).fetch(blob.digest(), blob.size(), blob.index(),
                List.of(fresh), FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(blob.size() - 3 * CHUNK, fresh.bytesServed(), "only the seven missing chunks moved");
        assertFalse(fresh.offsetsRequested().contains(0L));
    }

    @Test
    void givenASourceThatStalls_whenFetching_thenAnotherSourceTakesItsChunk() throws Exception {
        TestBlob blob = blob(6 * CHUNK, 8);
        FileBlobSource hung = new MisbehavingSources.Stalling("hung-peer", blob, 2 * CHUNK, 1000);
        FileBlobSource good = new FileBlobSource("registry", blob);
        FetchEngine engine = engine(FetchSettings.defaults().withStallTimeout(Duration.ofMillis(300)));

        long start = System.nanoTime();
        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(hung, good),
                FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(1, engine.stats().snapshot().stalls());
        assertTrue(good.offsetsRequested().contains(2 * CHUNK));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
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
    void givenADiskThatFillsUp_whenFetching_thenDiskFullRemovesThePartialAndLeavesCachedBlobsAlone()
            throws Exception {
        TestBlob cachedBlob = blob(CHUNK, 10);
        FetchEngine engine = engine(FetchSettings.defaults());
        Path kept = engine.fetch(cachedBlob.digest(), cachedBlob.size(), cachedBlob.index(),
                List.of(new FileBlobSource("registry", cachedBlob)), FetchListener.NONE);
        TestBlob blob = blob(4 * CHUNK, 11);
        // /dev/full answers every write with ENOSPC: a real "No space left on device" from the kernel.
        Path partial = Files.createDirectories(layout().partial(blob.digest()));
        Files.writeString(partial.resolve("plan"), ChunkPlan.of(blob.digest(), blob.size(), blob.index(), 1).shape());
        Files.createSymbolicLink(partial.resolve("data"), Path.of("/dev/full"));

        DiskFull e = assertThrows(DiskFull.class, () -> engine.fetch(blob.digest(), blob.size(), blob.index(),
                List.of(new FileBlobSource("registry", blob)), FetchListener.NONE));

        assertTrue(e.getMessage().contains("no space left on the device"), e.getMessage());
        assertFalse(Files.exists(partial, LinkOption.NOFOLLOW_LINKS), "the temporary download is removed");
        assertFalse(Files.exists(layout().blob(blob.digest())));
        assertEquals(-1, Files.mismatch(cachedBlob.file(), kept), "blobs already cached are untouched");
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
