package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fetch engine with peers (issue 6): chunks from peers first, bad peers banned, chunks served while verified. */
class SwarmDownloadTest extends FetchEngineTestBase {

    @Test
    void givenPeersHoldingTheBlob_whenFetching_thenNoByteComesFromTheRegistry_andEveryChunkIsAnnounced() throws Exception {
        TestBlob blob = blob(6 * CHUNK + 17, 31);
        FileBlobSource registry = new FileBlobSource("registry", blob);
        FileBlobSource a = new FileBlobSource("peer:a", blob);
        FileBlobSource b = new FileBlobSource("peer:b", blob);
        InMemorySwarm swarm = new InMemorySwarm().peer("a", a).peer("b", b);

        Path fetched = engine(FetchSettings.defaults()).fetch(blob.digest(), blob.size(), blob.index(), List.of(registry),
                swarm, FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(0, registry.bytesServed(), "peers first");
        assertEquals(blob.size(), a.bytesServed() + b.bytesServed());
        assertTrue(a.bytesServed() > 0 && b.bytesServed() > 0, "from several peers at once");
        assertEquals(new BitSet(), swarm.announced.get(0), "first visible as a downloader, holding nothing");
        BitSet all = new BitSet();
        all.set(0, blob.chunkCount());
        assertEquals(all, swarm.announced.get(swarm.announced.size() - 1));
    }

    @Test
    void givenAPeerServingACorruptChunk_whenFetching_thenItIsBannedAndReported_andTheBlobIsRight() throws Exception {
        TestBlob blob = blob(4 * CHUNK, 32);
        FileBlobSource registry = new FileBlobSource("registry", blob);
        // Flips the first byte of every range it serves; with two transfers per peer at most and four streams, the
        // engine cannot avoid asking it.
        FileBlobSource bad = new FileBlobSource("peer:bad", blob) {
            @Override
            protected int transform(long blobPosition, byte[] b, int off, int n) {
                if (blobPosition % CHUNK == 0 && n > 0) {
                    b[off] ^= 0x01;
                }
                return n;
            }
        };
        FileBlobSource good = new FileBlobSource("peer:good", blob);
        InMemorySwarm swarm = new InMemorySwarm().peer("bad", bad).peer("good", good);
        FetchEngine engine = engine(FetchSettings.defaults());

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(registry), swarm, FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(List.of("bad"), swarm.banned.stream().distinct().toList());
        assertEquals(0, registry.bytesServed(), "the good peer had every chunk");
        long failures = engine.stats().snapshot().verifyFailures();
        assertTrue(failures >= 1 && failures <= 2, "banned after its first bad chunk (one more may be in flight): " + failures);
    }

    @Test
    void givenAPeerThatTricklesSlowerThanTheStallTime_whenFetching_thenItLosesItsChunksToAFasterPeer() throws Exception {
        TestBlob blob = blob(4 * CHUNK, 34);
        // 2 KiB every 20 ms: a 256 KiB chunk would take 2.6 s, past the limit of 3 stall times (1.5 s), and is
        // never silent for long.
        FileBlobSource slow = new FileBlobSource("peer:slow", blob) {
            @Override
            public InputStream open(Digest digest, long offset, long length) throws IOException {
                InputStream in = super.open(digest, offset, length);
                return new java.io.FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        return super.read(b, off, Math.min(len, 2048));
                    }
                };
            }
        };
        FileBlobSource quick = new FileBlobSource("peer:quick", blob);
        InMemorySwarm swarm = new InMemorySwarm().peer("slow", slow).peer("quick", quick);
        swarm.policy = swarm.policy.withStall(java.time.Duration.ofMillis(500));
        FetchEngine engine = engine(FetchSettings.defaults());

        Path fetched = engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("registry", blob)),
                swarm, FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertTrue(slow.bytesServed() > 0, "the slow peer was asked");
        assertEquals(blob.size(), quick.bytesServed(), "every chunk came from the quick peer in the end");
        assertTrue(engine.stats().snapshot().stalls() >= 1);
        assertTrue(swarm.banned.isEmpty(), "slow is not bad: it rests, it is not banned");
    }

    @Test
    void givenADownloadInProgress_whenAPeerAsks_thenOnlyItsVerifiedChunksAreServable() throws Exception {
        TestBlob blob = blob(4 * CHUNK, 33);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        // Serves its first range at once and holds every later one until released.
        FileBlobSource gated = new FileBlobSource("peer:gated", blob) {
            @Override
            public InputStream open(Digest digest, long offset, long length) throws IOException {
                if (opened.getAndIncrement() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return super.open(digest, offset, length);
            }
        };
        InMemorySwarm swarm = new InMemorySwarm().peer("gated", gated);
        FetchEngine engine = engine(FetchSettings.defaults());
        CompletableFuture<Path> fetch = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.fetch(blob.digest(), blob.size(), blob.index(), List.of(new FileBlobSource("registry", blob)),
                        swarm, FetchListener.NONE);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        ServableBlob midway = awaitServable(engine, blob.digest());
        int chunk = midway.chunks().nextSetBit(0);
        assertFalse(midway.complete());
        assertEquals(1, midway.chunks().cardinality());
        assertTrue(midway.covers(chunk * CHUNK, CHUNK), "the verified chunk");
        assertFalse(midway.covers(((chunk + 1) % 4) * CHUNK, CHUNK), "a chunk still in flight");
        assertFalse(midway.covers(chunk * CHUNK, CHUNK + 1), "a range reaching past the verified chunk");

        release.countDown();
        Path fetched = fetch.get();
        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        ServableBlob done = engine.servable(blob.digest()).orElseThrow();
        assertTrue(done.complete() && done.covers(0, blob.size()), "then the whole blob, from the cache");
    }

    private static ServableBlob awaitServable(FetchEngine engine, Digest digest) throws Exception {
        for (int i = 0; i < 200; i++) {
            Optional<ServableBlob> s = engine.servable(digest);
            if (s.isPresent() && s.get().chunks().cardinality() > 0) {
                return s.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no chunk became servable");
    }
}
