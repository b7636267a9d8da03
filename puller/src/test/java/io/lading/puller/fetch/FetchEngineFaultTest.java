package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.cache.DigestMismatch;
import io.lading.puller.cache.DiskFull;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Fetching from sources that misbehave, and from a disk that fills up: bad bytes never enter the cache. */
class FetchEngineFaultTest extends FetchEngineTestBase {

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
    void givenNoChunkIndexAndACorruptSource_whenFetching_thenTheWholeDigestRefusesIt() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 5);
        FileBlobSource bad = new MisbehavingSources.Corrupting("bad-peer", blob, CHUNK + 1);

        assertThrows(DigestMismatch.class, () -> engine(FetchSettings.defaults())
                .fetch(blob.digest(), blob.size(), null, List.of(bad), FetchListener.NONE));

        assertFalse(Files.exists(layout().blob(blob.digest())));
        assertFalse(Files.exists(layout().partial(blob.digest())));
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
    void givenADiskThatFillsUp_whenFetching_thenDiskFullRemovesThePartialAndLeavesCachedBlobsAlone()
            throws Exception {
        TestBlob cachedBlob = blob(CHUNK, 10);
        FetchEngine engine = engine(FetchSettings.defaults());
        Path kept = engine.fetch(cachedBlob.digest(), cachedBlob.size(), cachedBlob.index(),
                List.of(new FileBlobSource("registry", cachedBlob)), FetchListener.NONE);
        TestBlob blob = blob(4 * CHUNK, 11);
        // /dev/full answers every write with ENOSPC: a real "No space left on device" from the kernel.
        Path partial = Files.createDirectories(layout().partial(blob.digest()));
        Files.writeString(partial.resolve("plan"), ChunkPlan.of(blob.digest(), blob.size(), blob.index(), 1).shape(false));
        Files.createSymbolicLink(partial.resolve("data"), Path.of("/dev/full"));

        DiskFull e = assertThrows(DiskFull.class, () -> engine.fetch(blob.digest(), blob.size(), blob.index(),
                List.of(new FileBlobSource("registry", blob)), FetchListener.NONE));

        assertTrue(e.getMessage().contains("no space left on the device"), e.getMessage());
        assertFalse(Files.exists(partial, LinkOption.NOFOLLOW_LINKS), "the temporary download is removed");
        assertFalse(Files.exists(layout().blob(blob.digest())));
        assertEquals(-1, Files.mismatch(cachedBlob.file(), kept), "blobs already cached are untouched");
    }

    @Test
    void givenTheOnlySourceServesACorruptChunk_whenFetching_thenItIsRetriedABoundedNumberOfTimesAndNothingStored()
            throws Exception {
        TestBlob blob = blob(4 * CHUNK, 13);
        FileBlobSource only = new MisbehavingSources.Corrupting("registry", blob, CHUNK + 10);
        FetchEngine engine = engine(FetchSettings.defaults().withParallelism(1).withMaxAttemptsPerChunk(3));

        FetchFailed e = assertThrows(FetchFailed.class, () -> engine.fetch(blob.digest(), blob.size(), blob.index(),
                List.of(only), FetchListener.NONE));

        assertTrue(e.getMessage().startsWith("fetching chunk 1 of 4 of " + blob.digest() + " failed after 3 attempts"),
                e.getMessage());
        assertTrue(e.getMessage().contains("registry corrupt"), e.getMessage());
        assertEquals(3, only.offsetsRequested().stream().filter(o -> o == CHUNK).count());
        assertEquals(3, engine.stats().snapshot().verifyFailures());
        assertFalse(Files.exists(layout().blob(blob.digest())));
    }

    @Test
    void givenEveryChunkRecordedWhenTheFetchDied_whenResuming_thenNoByteMovesAndTheBlobIsAdmitted() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 14);
        FetchListener dyingAfterLastChunk = new FetchListener() {
            @Override
            public void chunkVerified(Digest d, int chunk, String source, long bytes) {
                if (chunk == blob.chunkCount() - 1) {
                    throw new IllegalStateException("the daemon died here");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> engine(FetchSettings.defaults().withParallelism(1))
                .fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("a", blob)),
                        dyingAfterLastChunk));
        assertFalse(Files.exists(layout().blob(blob.digest())));
        FileBlobSource registry = new FileBlobSource("registry", blob);

        Path fetched = engine(FetchSettings.defaults()).fetch(blob.digest(), blob.size(), blob.index(),
                List.of(registry), FetchListener.NONE);

        assertEquals(0, registry.bytesServed());
        assertEquals(-1, Files.mismatch(blob.file(), fetched));
    }

    @Test
    void givenASourceThatNeverAnswersARequest_whenFetching_thenAnotherSourceTakesItsChunk() throws Exception {
        TestBlob blob = blob(6 * CHUNK, 15);
        FileBlobSource frozen = new MisbehavingSources.HangingOnOpen("frozen-peer", blob, 0);
        FileBlobSource good = new FileBlobSource("registry", blob);
        FetchEngine engine = engine(FetchSettings.defaults().withParallelism(2).withStallTimeout(Duration.ofMillis(300)));

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(frozen, good),
                FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(1, engine.stats().snapshot().stalls());
        assertTrue(good.offsetsRequested().contains(0L), "chunk 0 came from the registry");
    }

    @Test
    void givenAChunkCorruptedOnDiskAfterAnEarlierRunRecordedIt_whenResuming_thenOnlyThatChunkIsFetchedAgain()
            throws Exception {
        TestBlob blob = blob(6 * CHUNK, 16);
        FetchSettings oneStream = FetchSettings.defaults().withParallelism(1).withMaxAttemptsPerChunk(1);
        assertThrows(FetchFailed.class, () -> engine(oneStream).fetch(blob.digest(), blob.size(), blob.index(),
                List.of(new MisbehavingSources.FailingAfter("registry", blob, 3)), FetchListener.NONE));
        Path data = layout().partial(blob.digest()).resolve("data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[(int) CHUNK + 5] ^= 1; // a bad sector, or a write the kernel lost
        Files.write(data, bytes);
        List<String> rejected = new CopyOnWriteArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void sourceRejected(Digest d, int chunk, String source, String reason) {
                rejected.add(source + " chunk " + chunk + " " + reason);
            }
        };
        FileBlobSource registry = new FileBlobSource("registry", blob);
        FetchEngine engine = engine(FetchSettings.defaults());

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(registry), listener);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(1, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).startsWith("an earlier run chunk 1 CORRUPT"), rejected.toString());
        assertEquals(blob.size() - 3 * CHUNK + CHUNK, registry.bytesServed(), "the three missing chunks and chunk 1");
        assertFalse(registry.offsetsRequested().contains(0L));
        assertEquals(1, engine.stats().snapshot().verifyFailures());
    }

    @Test
    void givenOneStreamPerBlob_whenFetching_thenEveryByteIsHashedAsItArrivesAndNoneIsReadBack() throws Exception {
        TestBlob blob = blob(5 * CHUNK + 3, 17);
        FetchEngine engine = engine(FetchSettings.defaults());

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(),
                List.of(new FileBlobSource("registry", blob)), null, FetchListener.NONE, 1);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(0, engine.stats().snapshot().bytesReadBack());
    }
}
