package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Fetches the missing chunks of one partial download: {@code streams} streams on virtual threads take chunks from
 * a shared queue, each chunk from one source with one range request, retried on other sources when one fails or
 * stalls. Returns the whole blob's digest as hashed during the transfer.
 *
 * <p>Chunks are checked by the whole digest first, with one SHA-256 pass: the stream that fetches the next chunk
 * in order hashes it as it arrives, the others are read back in order (WholeDigestCursor). Checking each chunk
 * against the index as well would be a second pass, which on two cores halved the pull rate (bench/README.md),
 * while the whole digest alone decides what enters the cache. Only when the whole digest is wrong are the chunks
 * checked against the index: each one that fails is reported against the source that served it, which is
 * banned for this blob unless it is the last, and fetched again, this time checked on arrival.
 */
final class BlobDownload {
    /** Named in reports of a bad chunk recorded by an earlier run, whose source is not known any more. */
    private static final String EARLIER_RUN = "an earlier run";

    private final ChunkPlan plan;
    private final PartialDownload partial;
    private final SourceRotation rotation;
    private final int streams;
    private final FetchSettings settings;
    private final Bandwidth bandwidth;
    private final FetchStats stats;
    private final FetchListener listener;
    private final AtomicReferenceArray<BlobSource> servedBy;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    BlobDownload(ChunkPlan plan, PartialDownload partial, List<BlobSource> sources, int streams,
                 FetchSettings settings, Bandwidth bandwidth, FetchStats stats, FetchListener listener) {
        this.plan = plan;
        this.partial = partial;
        this.rotation = new SourceRotation(sources);
        this.streams = streams;
        this.settings = settings;
        this.bandwidth = bandwidth;
        this.stats = stats;
        this.listener = listener;
        this.servedBy = new AtomicReferenceArray<>(plan.count());
    }

    Digest run() throws IOException, InterruptedException {
        Digest whole = fetch(partial.verified(), false);
        if (whole.equals(plan.digest()) || !plan.verifiedPerChunk()) {
            return whole; // a mismatch without an index: nothing can say which range was bad
        }
        BitSet corrupt = chunksNotMatchingTheIndex();
        if (corrupt.isEmpty()) {
            return whole; // the index agrees with the bytes: the blob itself is not the one asked for
        }
        for (int chunk = corrupt.nextSetBit(0); chunk >= 0; chunk = corrupt.nextSetBit(chunk + 1)) {
            BlobSource source = servedBy.get(chunk);
            stats.verifyFailed();
            listener.sourceRejected(plan.digest(), chunk, source == null ? EARLIER_RUN : source.name(),
                    "CORRUPT: the chunk does not match the chunk index (the whole blob hashed to " + whole + ")");
            if (source != null) {
                rotation.banUnlessLast(source);
            }
        }
        BitSet good = new BitSet(plan.count());
        good.set(0, plan.count());
        good.andNot(corrupt);
        return fetch(good, true);
    }

    /** Fetches every chunk not in {@code present}, checked on arrival or not, and hashes the whole blob. */
    private Digest fetch(BitSet present, boolean checked) throws IOException, InterruptedException {
        Queue<Integer> missing = new ConcurrentLinkedQueue<>();
        for (int chunk = present.nextClearBit(0); chunk < plan.count(); chunk = present.nextClearBit(chunk + 1)) {
            missing.add(chunk);
        }
        WholeDigestCursor cursor = new WholeDigestCursor(plan, partial.data(), present);
        int count = Math.min(streams, missing.size());
        try (StallWatchdog watchdog = new StallWatchdog(settings.stallTimeout());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                ChunkTransfer transfer = new ChunkTransfer(partial.data(), bandwidth, watchdog, stats);
                pool.submit(() -> stream(transfer, missing, cursor, checked));
            }
        }
        if (failure.get() != null) {
            cursor.abandon();
            throw failure.get();
        }
        Digest whole = cursor.await();
        stats.readBack(cursor.readBack());
        return whole;
    }

    /** One stream: takes chunks until none are left or the download has failed. */
    private void stream(ChunkTransfer transfer, Queue<Integer> missing, WholeDigestCursor cursor, boolean checked) {
        try {
            for (Integer chunk; failure.get() == null && (chunk = missing.poll()) != null; ) {
                if (fetchChunk(transfer, chunk, cursor, checked)) {
                    cursor.chunkDone(chunk);
                }
            }
        } catch (UncheckedIOException e) {
            failure.compareAndSet(null, new LocalWriteFailed(e.getCause()));
        } catch (IOException e) {
            failure.compareAndSet(null, new LocalWriteFailed(e));
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new FetchFailed("fetching " + plan.digest() + " was interrupted", e));
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Returns whether the chunk is durable (and, when {@code checked}, matched the index); false when another
     * stream's failure stopped it. A refetch after a whole-digest failure counts as the chunk's second attempt.
     */
    private boolean fetchChunk(ChunkTransfer transfer, int chunk, WholeDigestCursor cursor, boolean checked)
            throws IOException, InterruptedException {
        int first = checked ? 1 : 0;
        if (first >= settings.maxAttemptsPerChunk()) {
            throw new FetchFailed("chunk " + chunk + " of " + plan.count() + " of " + plan.digest() + " did not match "
                    + "the chunk index and " + settings.maxAttemptsPerChunk() + " attempt is allowed per chunk", null);
        }
        ChunkAttempt last = null;
        BlobSource source = null;
        for (int attempt = first; attempt < settings.maxAttemptsPerChunk(); attempt++) {
            if (failure.get() != null) {
                return false;
            }
            if (attempt > 0) {
                stats.refetched();
            }
            source = rotation.pick(chunk, attempt);
            Optional<WholeDigestCursor.Inline> inline = cursor.claim(chunk);
            try {
                last = transfer.run(plan, chunk, source, checked, inline.map(WholeDigestCursor.Inline::digest).orElse(null));
            } finally {
                if (last == null || !last.ok()) {
                    inline.ifPresent(WholeDigestCursor.Inline::release);
                }
            }
            if (last.ok()) {
                servedBy.set(chunk, source);
                partial.recordVerified(chunk);
                inline.ifPresent(WholeDigestCursor.Inline::hashed);
                listener.chunkVerified(plan.digest(), chunk, source.name(), plan.length(chunk));
                return true;
            }
            switch (last.outcome()) {
                case CORRUPT -> stats.verifyFailed();
                case STALLED -> stats.stalled();
                default -> { }
            }
            listener.sourceRejected(plan.digest(), chunk, source.name(), last.outcome() + ": " + last.detail());
            rotation.banUnlessLast(source);
        }
        throw new FetchFailed("fetching chunk " + chunk + " of " + plan.count() + " of " + plan.digest()
                + " failed after " + settings.maxAttemptsPerChunk() + " attempts from " + rotation.names()
                + "; last, " + source.name() + " " + last.outcome().name().toLowerCase() + ": " + last.detail()
                + "; the chunks verified so far are kept for the next attempt", null);
    }

    /** Reads the blob back and checks every chunk against the index: the chunks that do not match. */
    private BitSet chunksNotMatchingTheIndex() throws IOException {
        BitSet corrupt = new BitSet(plan.count());
        RangeReader reader = new RangeReader(partial.data());
        for (int chunk = 0; chunk < plan.count(); chunk++) {
            Digest expected = plan.expected(chunk).orElseThrow();
            MessageDigest hash = expected.algorithm().newMessageDigest();
            reader.hash(plan.offset(chunk), plan.length(chunk), hash); // a short chunk cannot match
            if (!Digest.of(expected.algorithm(), hash.digest()).equals(expected)) {
                corrupt.set(chunk);
            }
        }
        return corrupt;
    }

    /** The local disk, not a source, failed: no retry can help, so the whole download stops. */
    static final class LocalWriteFailed extends RuntimeException {
        LocalWriteFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException io() {
            return (IOException) getCause();
        }
    }
}
