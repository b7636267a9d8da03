package io.lading.puller.fetch;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * What this host can serve of one blob to a peer: the whole verified blob from the cache, or the verified chunks
 * of a download in progress. Ranges outside {@link #covers} must not be served.
 *
 * @param file     the bytes: the cache file, or the partial download's data file
 * @param size     the blob's size
 * @param complete the whole blob is verified (in the cache)
 * @param chunks   for a partial blob, the verified chunks of the chunk index (empty when complete)
 */
public record ServableBlob(Path file, long size, boolean complete, long chunkSize, BitSet chunks) {

    public ServableBlob {
        chunks = (BitSet) chunks.clone();
    }

    /** Whether every byte of {@code [offset, offset + length)} is verified here. */
    public boolean covers(long offset, long length) {
        if (length <= 0 || offset < 0 || offset + length > size) {
            return false;
        }
        if (complete) {
            return true;
        }
        int first = Math.toIntExact(offset / chunkSize);
        int last = Math.toIntExact((offset + length - 1) / chunkSize);
        return chunks.get(first, last + 1).cardinality() == last - first + 1;
    }

    @Override
    public BitSet chunks() {
        return (BitSet) chunks.clone();
    }
}
