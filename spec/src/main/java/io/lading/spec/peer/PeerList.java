package io.lading.spec.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The tracker's answer to {@code GET /lading/v1/peers/blobs/{digest}} (spec/peers.md): the live peers that hold
 * or want the blob, nearest and fullest first, the asker left out, cut at {@code limit}; and, for an asker that is
 * joined, its {@code zone} counted whole (the seeding ring needs the whole zone, which a cut list does not hold).
 * Field names are the contract.
 */
public record PeerList(String digest, int chunkCount, List<Listed> peers,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Zone zone) {
    public PeerList {
        peers = List.copyOf(peers);
    }

    /** Without a zone count (an asker that is not joined, or a tracker from before it). */
    public PeerList(String digest, int chunkCount, List<Listed> peers) {
        this(digest, chunkCount, peers, null);
    }

    /**
     * The live peers of the asker's zone (distance {@code rack} or {@code zone}) that hold or want the blob, the
     * asker included, however many the list shows: {@code hosts} of them, the asker at {@code index} (from 0) when
     * they are sorted by id.
     */
    public record Zone(int hosts, int index) {
    }

    /** One peer: {@code chunks} is the base64 bitset (every bit set when complete), {@code distance} its wire name. */
    public record Listed(String id, String url, Map<String, String> labels, boolean complete, String chunks, String distance) {
    }
}
