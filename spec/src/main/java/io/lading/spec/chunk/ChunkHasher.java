package io.lading.spec.chunk;

import io.lading.spec.digest.DigestAlgorithm;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into the fixed-size chunks of a {@link ChunkIndex} and hands the raw sha256 of each
 * to {@code sink} as soon as it is complete, whatever the sizes of the buffers the stream arrives in. The
 * registry builds the chunk index with it while an upload streams in; {@code lading push} builds the signed
 * chunk list with it while it hashes a file; both must cut chunks the same way.
 */
public final class ChunkHasher {
    private final long chunkSize;
    private final Consumer<byte[]> sink;
    private final MessageDigest chunk = DigestAlgorithm.SHA256.newMessageDigest();
    private long inChunk;

    public ChunkHasher(long chunkSize, Consumer<byte[]> sink) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.sink = sink;
    }

    public void update(byte[] b, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, chunkSize - inChunk);
            chunk.update(b, off, n);
            inChunk += n;
            off += n;
            len -= n;
            if (inChunk == chunkSize) {
                sink.accept(chunk.digest());
                inChunk = 0;
            }
        }
    }

    /**
     * The sha256 of the short last chunk so far, without ending it (the stream may go on); empty when the
     * bytes seen end on a chunk boundary, so an empty stream has no chunks.
     */
    public Optional<byte[]> pending() {
        if (inChunk == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(((MessageDigest) chunk.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }
}
