package io.lading.registry.upload;

import io.lading.registry.failure.RegistryFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams a request body into a file while hashing it, in bounded memory. The request thread reads,
 * writes and computes the blob's digest; a second thread computes the chunk digests from the same
 * buffers, so the two SHA-256 passes run on two cores. A read failure is the client's (a truncated body,
 * a dropped connection) and a write failure is ours (disk full), so the two are reported differently.
 */
final class BodyCopier {
    /** Large enough to keep SHA-256 and the disk busy with few system calls. */
    static final int BUFFER_SIZE = 1 << 20;
    /** Buffers per upload: one being filled, one being chunk-hashed, one spare; 3 MiB per upload in flight. */
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
        BlockingQueue<Piece> toChunkHash = new ArrayBlockingQueue<>(BUFFERS + 1);
        Thread chunkHasher = Thread.ofVirtual().name("chunk-hasher").start(() -> hashChunks(hasher, toChunkHash, free));
        WriteBehind flusher = new WriteBehind(out);
        long copied = 0;
        try {
            while (true) {
                byte[] buf = free.take();
                int n = fill(body, buf);
                if (n <= 0) {
                    return copied;
                }
                write(out, ByteBuffer.wrap(buf, 0, n));
                hasher.updateWhole(buf, 0, n);
                toChunkHash.put(new Piece(buf, n));
                flusher.wrote(n);
                copied += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("upload interrupted", e);
        } finally {
            toChunkHash.add(END);
            joinQuietly(chunkHasher);
            flusher.finish();
        }
    }

    private static void hashChunks(BlobHasher hasher, BlockingQueue<Piece> pieces, BlockingQueue<byte[]> free) {
        try {
            for (Piece p = pieces.take(); p != END; p = pieces.take()) {
                hasher.updateChunks(p.buffer(), 0, p.length());
                free.add(p.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
