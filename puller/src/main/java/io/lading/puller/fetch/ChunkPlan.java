package io.lading.puller.fetch;

import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import java.util.List;
import java.util.Optional;

/**
 * How one blob is cut into ranges for fetching: the registry's chunk index when there is one (each range then
 * checked on arrival), else fixed-size ranges checked only by the whole digest at the end.
 */
public record ChunkPlan(Digest digest, long size, long chunkSize, List<Digest> chunkDigests) {

    public ChunkPlan {
        chunkDigests = List.copyOf(chunkDigests);
        if (size < 0 || chunkSize <= 0) {
            throw new IllegalArgumentException("blob " + digest + ": size " + size + ", chunk size " + chunkSize);
        }
        if (!chunkDigests.isEmpty() && chunkDigests.size() != ChunkIndex.chunkCount(size, chunkSize)) {
            throw new IllegalArgumentException("blob " + digest + " has " + ChunkIndex.chunkCount(size, chunkSize)
                    + " chunks but " + chunkDigests.size() + " chunk digests");
        }
    }

    /** Uses {@code index} when given; it must describe this very blob, or the registry answered for another. */
    public static ChunkPlan of(Digest digest, long size, ChunkIndex index, long fallbackChunkSize) {
        if (index == null) {
            return new ChunkPlan(digest, size, fallbackChunkSize, List.of());
        }
        if (!index.digest().equals(digest) || index.size() != size) {
            throw new IllegalArgumentException("the chunk index describes " + index.digest() + " of " + index.size()
                    + " bytes, but the fetch is for " + digest + " of " + size + " bytes");
        }
        return new ChunkPlan(digest, size, index.chunkSize(), index.chunks());
    }

    public int count() {
        return Math.toIntExact(ChunkIndex.chunkCount(size, chunkSize));
    }

    public long offset(int chunk) {
        return chunk * chunkSize;
    }

    public long length(int chunk) {
        return Math.min(chunkSize, size - offset(chunk));
    }

    /** The chunk's digest from the index; empty when only the whole digest can vouch for it. */
    public Optional<Digest> expected(int chunk) {
        return chunkDigests.isEmpty() ? Optional.empty() : Optional.of(chunkDigests.get(chunk));
    }

    public boolean verifiedPerChunk() {
        return !chunkDigests.isEmpty();
    }

    /**
     * Identifies the cut, so a resume with another chunk size (a new index, or none) starts over. {@code
     * chunksChecked} marks a download whose recorded chunks each matched the index (one that peers share, which
     * serves them before the whole blob is checked): a download that recorded unchecked chunks never resumes as one.
     */
    String shape(boolean chunksChecked) {
        return "size=" + size + " chunkSize=" + chunkSize + " perChunk=" + verifiedPerChunk()
                + (chunksChecked ? " chunks=checked" : "") + "\n";
    }
}
