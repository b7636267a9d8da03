package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Moves one chunk from one source into the data file at its offset with one range request, hashing as the
 * bytes pass. One per stream: its buffer is reused for every chunk the stream moves, so memory does not grow
 * with chunk or blob size.
 */
final class ChunkTransfer {
    /**
     * Small enough to stay in the CPU's cache while a stream's bytes pass from the socket through the hash into the
     * page cache: with 1 MiB per stream the kernel's copy into the page cache ran at about a quarter of its speed
     * (a pull of 4.3 GB spent 7-9.5 s of system time against 3.8 s with 64 KiB; bench/README.md). Large enough
     * that syscalls and hashing calls are amortised.
     */
    static final int BUFFER_BYTES = 64 << 10;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** Writes go from here: a heap array would be copied into a temporary direct buffer on every write anyway. */
    private final ByteBuffer direct = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final FileChannel data;
    private final Bandwidth bandwidth;
    private final StallWatchdog watchdog;
    private final FetchStats stats;

    ChunkTransfer(FileChannel data, Bandwidth bandwidth, StallWatchdog watchdog, FetchStats stats) {
        this.data = data;
        this.bandwidth = bandwidth;
        this.watchdog = watchdog;
        this.stats = stats;
    }

    /**
     * Moves the chunk and checks it against the chunk index (when the plan has one). Source trouble is an outcome;
     * a failed write to the local disk is thrown as {@link UncheckedIOException}, since no other source can fix it.
     */
    ChunkAttempt run(ChunkPlan plan, int chunk, BlobSource source) throws InterruptedException {
        return run(plan, chunk, source, watchdog);
    }

    /** As {@link #run(ChunkPlan, int, BlobSource)}, under another stall timeout (peers have their own). */
    ChunkAttempt run(ChunkPlan plan, int chunk, BlobSource source, StallWatchdog watchdog) throws InterruptedException {
        return run(plan, chunk, source, watchdog, true, null);
    }

    /**
     * As {@link #run(ChunkPlan, int, BlobSource)}, the bytes also fed to {@code whole} (the blob's running digest;
     * null when another thread hashes this chunk later), and checked against the chunk index only when {@code
     * check}: unchecked, only the whole digest vouches for them. One SHA-256 pass instead of two: on two cores the
     * second pass cost more than the transfer (bench/README.md).
     */
    ChunkAttempt run(ChunkPlan plan, int chunk, BlobSource source, boolean check, MessageDigest whole)
            throws InterruptedException {
        return run(plan, chunk, source, watchdog, check, whole);
    }

    private ChunkAttempt run(ChunkPlan plan, int chunk, BlobSource source, StallWatchdog watchdog, boolean check,
                             MessageDigest whole) throws InterruptedException {
        Optional<Digest> expected = check ? plan.expected(chunk) : Optional.empty();
        MessageDigest hash = expected.map(d -> d.algorithm().newMessageDigest()).orElse(null);
        ChunkAttempt moved = move(plan, chunk, source, watchdog, hash, whole);
        if (!moved.ok() || hash == null) {
            return moved; // without an index only the whole digest can vouch for this range
        }
        Digest actual = Digest.of(expected.get().algorithm(), hash.digest());
        return actual.equals(expected.get()) ? ChunkAttempt.verified()
                : new ChunkAttempt(ChunkAttempt.Outcome.CORRUPT, "bytes " + plan.offset(chunk) + "-"
                        + (plan.offset(chunk) + plan.length(chunk) - 1) + " hashed to " + actual
                        + ", the chunk index says " + expected.get());
    }

    private ChunkAttempt move(ChunkPlan plan, int chunk, BlobSource source, StallWatchdog watchdog,
                              MessageDigest hash, MessageDigest whole) throws InterruptedException {
        long offset = plan.offset(chunk);
        long length = plan.length(chunk);
        long done = 0;
        try (StallWatchdog.Watch watch = watchdog.watchOpening()) {
            // GET <blob> with Range: bytes=offset-(offset+length-1), in whatever form the source speaks
            try (InputStream in = source.open(plan.digest(), offset, length)) {
                if (!watch.streaming(in)) {
                    return stalled(done, length);
                }
                while (done < length) {
                    int n = fill(in, watch, (int) Math.min(buffer.length, length - done));
                    if (n < 0) {
                        return new ChunkAttempt(ChunkAttempt.Outcome.FAILED,
                                "the stream ended after " + done + " of " + length + " bytes");
                    }
                    stats.received(source.name(), n);
                    if (hash != null) {
                        hash.update(buffer, 0, n);
                    }
                    if (whole != null) {
                        whole.update(buffer, 0, n);
                    }
                    writeAt(offset + done, n);
                    done += n;
                    bandwidth.pay(n);
                }
            } catch (IOException e) {
                return watch.stalled() ? stalled(done, length)
                        : new ChunkAttempt(ChunkAttempt.Outcome.FAILED, "after " + done + " of " + length + " bytes: " + e);
            }
        }
        return ChunkAttempt.verified();
    }

    /**
     * Reads until {@code want} bytes are in the buffer or the stream ends: HTTP bodies arrive in pieces of a few
     * KiB, and one positional write per piece cost more CPU than the hashing. Returns the bytes read, or -1 when
     * the stream ended before any.
     */
    private int fill(InputStream in, StallWatchdog.Watch watch, int want) throws IOException {
        int filled = 0;
        while (filled < want) {
            int n = in.read(buffer, filled, want - filled);
            if (n < 0) {
                return filled == 0 ? -1 : filled;
            }
            if (n > 0) {
                watch.progress(); // zero bytes is not progress, so the watchdog may still call it a stall
                filled += n;
            }
        }
        return filled;
    }

    private static ChunkAttempt stalled(long done, long length) {
        return new ChunkAttempt(ChunkAttempt.Outcome.STALLED,
                "no byte for the stall timeout (or slower than the time limit) after " + done + " of " + length + " bytes");
    }

    private void writeAt(long position, int n) {
        ByteBuffer bytes = direct.clear().put(buffer, 0, n).flip();
        try {
            while (bytes.hasRemaining()) {
                data.write(bytes, position + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
