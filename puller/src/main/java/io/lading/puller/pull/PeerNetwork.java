package io.lading.puller.pull;

import io.lading.puller.fetch.PeerSwarm;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.util.Collection;
import java.util.Optional;

/**
 * The LAN peers a pull may use and serve (issue 6): the seam between {@link ModelPuller} and the peer tracker, so
 * a pull without peers (the CLI, or {@code peer.enabled: false}) is the same code with {@link #NONE}.
 */
public interface PeerNetwork {
    PeerNetwork NONE = new PeerNetwork() {
        @Override
        public void holds(RepositoryName repository, Collection<Digest> blobs) {
        }

        @Override
        public Optional<PeerSwarm> join(RepositoryName repository, Digest digest, long size, int chunkCount,
                                         long seedBase) {
            return Optional.empty();
        }

        @Override
        public void complete(RepositoryName repository, Collection<BlobSize> blobs) {
        }
    };

    /** A blob and its size, as announced. */
    record BlobSize(Digest digest, long size) {
    }

    /** The manifest pulled from {@code repository} names these blobs: tokens that may pull it may read them here. */
    void holds(RepositoryName repository, Collection<Digest> blobs);

    /**
     * This host is about to fetch these blobs of a version: tell the tracker it wants them all now, not one by one
     * as a blob's turn comes, so every host's seeding ring for every blob is the whole zone from the start
     * (spec/peers.md, Scheduling). With more blobs than are fetched at once, hosts that reached a blob at different
     * moments saw different rings and fetched the same chunks (simulator, 500 GB in 100 blobs: 1.43x the model
     * from the registry).
     */
    default void wants(RepositoryName repository, Collection<BlobSize> blobs) {
    }

    /**
     * Joins the swarm of one blob about to be fetched; empty when peers are off. The caller closes it. {@code
     * seedBase}: where the blob's chunks start in its version's seeding round robin ({@link PeerSwarm#seedBase()}).
     */
    Optional<PeerSwarm> join(RepositoryName repository, Digest digest, long size, int chunkCount, long seedBase);

    /** These blobs are verified in the cache: tell the tracker this host holds them whole. */
    void complete(RepositoryName repository, Collection<BlobSize> blobs);
}
