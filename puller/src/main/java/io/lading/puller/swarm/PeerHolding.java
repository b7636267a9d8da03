package io.lading.puller.swarm;

import java.util.BitSet;

/**
 * One peer in a tracker answer for one blob: which of the blob's chunks it holds verified, and how far away it
 * is. A peer with no chunk yet is a downloader: it takes part in the registry-seeder election all the same.
 *
 * @param id       the peer's tracker id
 * @param distance from the asking host
 * @param complete the whole blob is verified in the peer's cache; {@code chunks} then counts as all set
 * @param chunks   bit i set = chunk i verified and readable there (copied; never changed afterwards)
 */
public record PeerHolding(String id, Distance distance, boolean complete, BitSet chunks) {

    public PeerHolding {
        if (id == null || id.isEmpty() || distance == null) {
            throw new IllegalArgumentException("a peer holding needs an id and a distance");
        }
        chunks = chunks == null ? new BitSet() : (BitSet) chunks.clone();
    }

    /** A downloader that holds nothing yet. */
    public static PeerHolding downloading(String id, Distance distance) {
        return new PeerHolding(id, distance, false, new BitSet());
    }

    /** A peer that holds the whole blob. */
    public static PeerHolding complete(String id, Distance distance) {
        return new PeerHolding(id, distance, true, new BitSet());
    }

    public boolean holds(int chunk) {
        return complete || chunks.get(chunk);
    }

    /** Chunks held out of {@code chunkCount}. */
    public int held(int chunkCount) {
        return complete ? chunkCount : chunks.get(0, chunkCount).cardinality();
    }

    @Override
    public BitSet chunks() {
        return (BitSet) chunks.clone();
    }
}
