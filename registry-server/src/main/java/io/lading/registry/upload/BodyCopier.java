package io.lading.registry.upload;

import io.lading.registry.failure.RegistryFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a request body into a file while hashing it, in bounded memory. The work is split over two
 * threads of about equal cost: the request thread reads the body and computes the blob's digest; a second
 * thread writes each buffer to the file and computes the chunk digests, so the two SHA-256 passes run on
 * two cores and the write's copy into the page cache overlaps the next read. A read failure is the
 * client's (a truncated body, a dropped connection) and a write failure is ours (disk full), so the two are
 * reported differently.
 */
final class BodyCopier {
    /** Large enough to keep SHA-256 and the disk busy with few system calls. */
    static final int BUFFER_SIZE = 1 << 20;
    /** Buffers per upload: one being filled, one being written and chunk-hashed, one spare; 3 MiB per upload. */
    private static final int BUFFERS = 3;
    private static final Piece END = new Piece(new byte[0], 0);

    private record Piece(byte[] buffer, int length) {
    }

    private BodyCopier() {
    }

    /** Copies until end of body; returns the bytes copied. */
    static long copy(InputStream body, FileChannel out, BlobHasher hasher) {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        BlockingQueue<Piece> toWrite = new ArrayBlockingQueue<>(BUFFERS + 1);
        AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().name("upload-writer")
                .start(() -> writeAndHashChunks(out, hasher, toWrite, free, writeFailure));
        long copied = 0;
        try {
            while (writeFailure.get() == null) {
                byte[] buf = free.take();
                int n = fill(body, buf);
                if (n <= 0) {
                    break;
                }
                hasher.updateWhole(buf, 0, n);
                toWrite.put(new Piece(buf, n));
                copied += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("upload interrupted", e);
        } finally {
            toWrite.add(END);
            joinQuietly(writer);
        }
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        return copied;
    }

    /** The second thread: after a failure it keeps taking buffers (so the reader never blocks) but writes nothing. */
    private static void writeAndHashChunks(FileChannel out, BlobHasher hasher, BlockingQueue<Piece> pieces,
                                           BlockingQueue<byte[]> free, AtomicReference<RuntimeException> failure) {
        WriteBehind flusher = new WriteBehind(out);
        try {
            for (Piece p = pieces.take(); p != END; p = pieces.take()) {
                if (failure.get() == null) {
                    try {
                        write(out, ByteBuffer.wrap(p.buffer(), 0, p.length()));
                        hasher.updateChunks(p.buffer(), 0, p.length());
                        flusher.wrote(p.length());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
                free.add(p.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IllegalStateException("upload interrupted", e));
        } finally {
            try {
                flusher.finish();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(FileChannel out, ByteBuffer data) {
        try {
            while (data.hasRemaining()) {
                out.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing upload data failed (is the disk full?): " + e.getMessage(), e);
        }
    }

    /** Reads until the buffer is full or the body ends, so writes and hash updates come in large pieces. */
    private static int fill(InputStream body, byte[] buf) {
        int filled = 0;
        try {
            while (filled < buf.length) {
                int n = body.read(buf, filled, buf.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new RegistryFailure.BlobUploadInvalid("the upload body ended early after " + filled
                    + " bytes of this read: " + e.getMessage() + "; the connection was probably closed; resume from the upload's Range");
        }
        return filled;
    }
}
