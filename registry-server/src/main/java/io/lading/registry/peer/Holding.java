package io.lading.registry.peer;

import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;

/** A live peer that holds (some chunks of) a blob, or wants it (no chunks yet). */
public record Holding(PeerId id, String url, PeerLabels labels, boolean complete, ChunkBitset chunks) {
}
