package io.lading.spec.peer;

import java.util.List;
import java.util.Map;

/**
 * The tracker's answer to {@code GET /lading/v1/peers/blobs/{digest}} (spec/peers.md): the live peers that hold
 * or want the blob, nearest and fullest first, the asker left out. Field names are the contract.
 */
public record PeerList(String digest, int chunkCount, List<Listed> peers) {
    public PeerList {
        peers = List.copyOf(peers);
    }

    /** One peer: {@code chunks} is the base64 bitset (every bit set when complete), {@code distance} its wire name. */
    public record Listed(String id, String url, Map<String, String> labels, boolean complete, String chunks, String distance) {
    }
}
