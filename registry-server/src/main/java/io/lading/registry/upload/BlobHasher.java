package io.lading.registry.upload;

import io.lading.spec.chunk.ChunkHasher;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Hashes a blob as it streams in: the sha256 of the whole, and the sha256 of every fixed-size chunk
 * (the chunk index of spec/chunk-index.md), so that nothing has to be read back once the upload ends.
 */
final class BlobHasher {
    private static final int READ_BUFFER = 1 << 20;

    private final long chunkSize;
    private final MessageDigest whole = DigestAlgorithm.SHA256.newMessageDigest();
    private final ByteArrayOutputStream chunkDigests = new ByteArrayOutputStream();
    private final ChunkHasher chunks;
    private long total;

    BlobHasher(long chunkSize) {
        this.chunkSize = chunkSize;
        this.chunks = new ChunkHasher(chunkSize, chunkDigests::writeBytes);
    }

    /** Rebuilds the state of a session from the bytes it holds, after a restart or on another replica. */
    static BlobHasher replay(Path data, long length, long chunkSize) throws IOException {
        BlobHasher h = new BlobHasher(chunkSize);
        byte[] buf = new byte[READ_BUFFER];
        try (InputStream in = Files.newInputStream(data)) {
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("upload data " + data + " holds fewer than the " + length + " bytes recorded");
                }
                h.update(buf, 0, n);
                left -= n;
            }
        }
        return h;
    }

    void update(byte[] b, int off, int len) {
        updateWhole(b, off, len);
        updateChunks(b, off, len);
    }

    /** The whole-blob half of {@link #update}; with {@link #updateChunks} it may run on another thread. */
    void updateWhole(byte[] b, int off, int len) {
        whole.update(b, off, len);
        total += len;
    }

    void updateChunks(byte[] b, int off, int len) {
        chunks.update(b, off, len);
    }

    long total() {
        return total;
    }

    long chunkSize() {
        return chunkSize;
    }

    Digest sha256() {
        return Digest.of(DigestAlgorithm.SHA256, copy(whole).digest());
    }

    /** The concatenated 32-byte digests of every chunk, the last (short) one included. */
    byte[] chunkDigests() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunkDigests.size() + 32);
        out.writeBytes(chunkDigests.toByteArray());
        chunks.pending().ifPresent(out::writeBytes);
        return out.toByteArray();
    }

    private static MessageDigest copy(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    /** The digest of a file under another algorithm, for clients that upload with sha512. */
    static Digest digestOf(Path file, DigestAlgorithm algorithm) throws IOException {
        MessageDigest md = algorithm.newMessageDigest();
        byte[] buf = new byte[READ_BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return Digest.of(algorithm, md.digest());
    }
}
