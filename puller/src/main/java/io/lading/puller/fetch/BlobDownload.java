package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches the missing chunks of one partial download: {@code parallelism} streams on virtual threads take
 * chunks from a shared queue, each chunk from one source with one range request, retried on other sources when
 * one serves bad bytes, fails or stalls. Returns the whole blob's digest as hashed during the transfer.
 */
final class BlobDownload {
    private final ChunkPlan plan;
    private final PartialDownload partial;
    private final SourceRotation rotation;
    private final FetchSettings settings;
    private final Bandwidth bandwidth;
    private final FetchStats stats;
    private final FetchListener listener;
    private final Queue<Integer> missing = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    BlobDownload(ChunkPlan plan, PartialDownload partial, List<BlobSource> sources, FetchSettings settings,
                 Bandwidth bandwidth, FetchStats stats, FetchListener listener) {
        this.plan = plan;
        this.partial = partial;
        this.rotation = new SourceRotation(sources);
        this.settings = settings;
        this.bandwidth = bandwidth;
        this.stats = stats;
        this.listener = listener;
    }

    Digest run() throws IOException, InterruptedException {
        BitSet verified = partial.verified();
        for (int chunk = verified.nextClearBit(0); chunk < plan.count(); chunk = verified.nextClearBit(chunk + 1)) {
            missing.add(chunk);
        }
        WholeDigestCursor cursor = new WholeDigestCursor(plan, partial.data(), verified);
        int streams = Math.min(settings.parallelism(), missing.size());
        try (StallWatchdog watchdog = new StallWatchdog(settings.stallTimeout());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                ChunkTransfer transfer = new ChunkTransfer(partial.data(), bandwidth, watchdog, stats);
                pool.submit(() -> stream(transfer, cursor));
            }
        }
        if (failure.get() != null) {
            cursor.abandon();
            throw failure.get();
        }
        return cursor.await();
    }

    /** One stream: takes chunks until none are left or the download has failed. */
    private void stream(ChunkTransfer transfer, WholeDigestCursor cursor) {
        try {
            for (Integer chunk; failure.get() == null && (chunk = missing.poll()) != null; ) {
                if (fetchChunk(transfer, chunk)) {
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

    /** Returns whether the chunk is verified and durable; false when another stream's failure stopped it. */
    private boolean fetchChunk(ChunkTransfer transfer, int chunk) throws IOException, InterruptedException {
        ChunkAttempt last = null;
        BlobSource source = null;
        for (int attempt = 0; attempt < settings.maxAttemptsPerChunk(); attempt++) {
            if (failure.get() != null) {
                return false;
            }
            if (attempt > 0) {
                stats.refetched();
            }
            source = rotation.pick(chunk, attempt);
            last = transfer.run(plan, chunk, source);
            if (last.ok()) {
                partial.recordVerified(chunk);
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
