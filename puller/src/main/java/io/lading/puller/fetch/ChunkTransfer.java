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
    /** Large enough that syscalls and hashing calls are amortised, small enough for many streams. */
    static final int BUFFER_BYTES = 1 << 20;

    private final byte[] buffer = new byte[BUFFER_BYTES];
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
     * Source trouble is an outcome; a failed write to the local disk is thrown as {@link UncheckedIOException},
     * since no other source can fix it.
     */
    ChunkAttempt run(ChunkPlan plan, int chunk, BlobSource source) throws InterruptedException {
        long offset = plan.offset(chunk);
        long length = plan.length(chunk);
        Optional<Digest> expected = plan.expected(chunk);
        MessageDigest hash = expected.map(d -> d.algorithm().newMessageDigest()).orElse(null);
        long done = 0;
        try (StallWatchdog.Watch watch = watchdog.watchOpening()) {
            // GET <blob> with Range: bytes=offset-(offset+length-1), in whatever form the source speaks
            try (InputStream in = source.open(plan.digest(), offset, length)) {
                if (!watch.streaming(in)) {
                    return stalled(done, length);
                }
                while (done < length) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
                    if (n < 0) {
                        return new ChunkAttempt(ChunkAttempt.Outcome.FAILED,
                                "the stream ended after " + done + " of " + length + " bytes");
                    }
                    if (n == 0) {
                        continue; // nothing arrived: not progress, so the watchdog may still call it a stall
                    }
                    watch.progress();
                    stats.received(source.name(), n);
                    if (hash != null) {
                        hash.update(buffer, 0, n);
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
        if (hash == null) {
            return ChunkAttempt.verified(); // only the whole digest can vouch for this range
        }
        Digest actual = Digest.of(expected.get().algorithm(), hash.digest());
        return actual.equals(expected.get()) ? ChunkAttempt.verified()
                : new ChunkAttempt(ChunkAttempt.Outcome.CORRUPT, "bytes " + offset + "-" + (offset + length - 1)
                        + " hashed to " + actual + ", the chunk index says " + expected.get());
    }

    private static ChunkAttempt stalled(long done, long length) {
        return new ChunkAttempt(ChunkAttempt.Outcome.STALLED,
                "no byte for the stall timeout after " + done + " of " + length + " bytes");
    }

    private void writeAt(long position, int n) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        try {
            while (bytes.hasRemaining()) {
                data.write(bytes, position + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
