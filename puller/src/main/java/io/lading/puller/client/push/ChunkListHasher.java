package io.lading.puller.client.push;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.security.MessageDigest;

/**
 * Computes a {@link ChunkListDigest} from the bytes of a file as they stream past for its own digest, so
 * pushing reads each file once. Chunk boundaries need not line up with the caller's buffers.
 */
final class ChunkListHasher {
    private final long chunkSize;
    private final MessageDigest chunk = DigestAlgorithm.SHA256.newMessageDigest();
    private final MessageDigest list = DigestAlgorithm.SHA256.newMessageDigest();
    private long inChunk;

    ChunkListHasher(long chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    void update(byte[] buffer, int offset, int length) {
        while (length > 0) {
            int n = (int) Math.min(length, chunkSize - inChunk);
            chunk.update(buffer, offset, n);
            inChunk += n;
            offset += n;
            length -= n;
            if (inChunk == chunkSize) {
                list.update(chunk.digest());
                inChunk = 0;
            }
        }
    }

    /** The digest over every chunk seen; a short last chunk counts, an empty file has no chunks. */
    ChunkListDigest finish() {
        if (inChunk > 0) {
            list.update(chunk.digest());
            inChunk = 0;
        }
        return new ChunkListDigest(Digest.of(DigestAlgorithm.SHA256, list.digest()), chunkSize);
    }
}
