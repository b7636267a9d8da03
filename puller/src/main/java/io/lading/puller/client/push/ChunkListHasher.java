package io.lading.puller.client.push;

import io.lading.spec.chunk.ChunkHasher;
import io.lading.spec.chunk.ChunkListDigest;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.security.MessageDigest;

/**
 * Computes a {@link ChunkListDigest} from the bytes of a file as they stream past for its own digest, so
 * pushing reads each file once. Chunk boundaries need not line up with the caller's buffers.
 */
final class ChunkListHasher {
    private final long chunkSize;
    private final MessageDigest list = DigestAlgorithm.SHA256.newMessageDigest();
    private final ChunkHasher chunks;

    ChunkListHasher(long chunkSize) {
        this.chunks = new ChunkHasher(chunkSize, list::update);
        this.chunkSize = chunkSize;
    }

    void update(byte[] buffer, int offset, int length) {
        chunks.update(buffer, offset, length);
    }

    /** The digest over every chunk seen; a short last chunk counts, an empty file has no chunks. Call once. */
    ChunkListDigest finish() {
        chunks.pending().ifPresent(list::update);
        return new ChunkListDigest(Digest.of(DigestAlgorithm.SHA256, list.digest()), chunkSize);
    }
}
