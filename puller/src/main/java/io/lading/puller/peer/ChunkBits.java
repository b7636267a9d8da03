package io.lading.puller.peer;

import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;

/**
 * The wire form of a peer's chunks of one blob (spec/peers.md): base64 (standard, padded) of a little-endian bit
 * array, bit i = chunk i verified and readable. {@link BitSet#toByteArray()} is that bit order already.
 */
public final class ChunkBits {
    private ChunkBits() {
    }

    /** Encodes the first {@code chunkCount} bits, in exactly ceil(chunkCount / 8) bytes. */
    public static String encode(BitSet chunks, int chunkCount) {
        byte[] bytes = Arrays.copyOf(chunks.get(0, chunkCount).toByteArray(), (chunkCount + 7) / 8);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes a bitset; null or empty is no chunk. Throws IllegalArgumentException on bad base64. */
    public static BitSet decode(String wire) {
        if (wire == null || wire.isEmpty()) {
            return new BitSet();
        }
        return BitSet.valueOf(Base64.getDecoder().decode(wire));
    }
}
