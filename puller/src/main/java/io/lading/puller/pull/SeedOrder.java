package io.lading.puller.pull;

import io.lading.puller.swarm.SeederElection;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import java.util.List;

/**
 * Where each blob of a version starts in the zone's seeding round robin (spec/peers.md, Scheduling): the
 * version's chunks are counted over all its blobs in manifest order (config first), from an offset taken from the
 * manifest's digest. Computed from the whole manifest, not from the blobs this host still misses, so every host of
 * the zone gets the same answer whatever its cache holds.
 */
record SeedOrder(Digest version, List<Descriptor> blobs) {
    SeedOrder {
        blobs = List.copyOf(blobs);
    }

    /** The base of {@code blob}, whose chunk index cuts it into chunks of {@code chunkSize} (as it does the others). */
    long base(Descriptor blob, long chunkSize) {
        long base = SeederElection.offset(version.toString());
        for (Descriptor d : blobs) {
            if (d.equals(blob)) {
                return base;
            }
            base += ChunkIndex.chunkCount(d.size(), chunkSize);
        }
        throw new IllegalArgumentException(blob.digest() + " is not a blob of " + version);
    }
}
