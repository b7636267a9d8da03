package io.lading.spec.chunk;

import java.util.Arrays;
import java.util.Base64;

/**
 * Which chunks of a blob a peer holds: bit {@code i} set means chunk {@code i} of the blob's chunk index is
 * verified and readable there. Wire form (spec/peers.md): padded standard base64 of a little-endian bit array,
 * bit {@code i} in byte {@code i / 8} at position {@code i % 8}, least significant bit first. Immutable.
 */
public final class ChunkBitset {
    private final int chunkCount;
    private final byte[] bits;

    private ChunkBitset(int chunkCount, byte[] bits) {
        this.chunkCount = chunkCount;
        this.bits = bits;
    }

    /** Bytes a bitset of {@code chunkCount} chunks takes on the wire. */
    public static int byteLength(int chunkCount) {
        return (chunkCount + 7) / 8;
    }

    public static ChunkBitset empty(int chunkCount) {
        return new ChunkBitset(checkCount(chunkCount), new byte[byteLength(chunkCount)]);
    }

    public static ChunkBitset full(int chunkCount) {
        byte[] b = new byte[byteLength(checkCount(chunkCount))];
        Arrays.fill(b, (byte) 0xff);
        if (chunkCount % 8 != 0) {
            b[b.length - 1] = (byte) ((1 << (chunkCount % 8)) - 1);
        }
        return new ChunkBitset(chunkCount, b);
    }

    public static ChunkBitset of(int chunkCount, int... held) {
        ChunkBitset s = empty(chunkCount);
        for (int i : held) {
            s.checkIndex(i);
            s.bits[i / 8] |= (byte) (1 << (i % 8));
        }
        return s;
    }

    /**
     * The bitset in {@code raw} over {@code chunkCount} chunks. Shorter than {@link #byteLength} is allowed (the
     * missing trailing bytes are zero); longer, or a bit set at or beyond {@code chunkCount}, is refused.
     */
    public static ChunkBitset fromBytes(byte[] raw, int chunkCount) {
        int length = byteLength(checkCount(chunkCount));
        if (raw.length > length) {
            throw new IllegalArgumentException("chunk bitset has " + raw.length + " bytes, but a blob of " + chunkCount
                    + " chunks needs at most " + length + " (one bit per chunk, 8 per byte)");
        }
        byte[] b = Arrays.copyOf(raw, length);
        if (chunkCount % 8 != 0 && raw.length == length && (b[length - 1] & 0xff) >>> (chunkCount % 8) != 0) {
            throw new IllegalArgumentException("chunk bitset sets a bit at or beyond chunk " + chunkCount
                    + ", but the blob has only " + chunkCount + " chunks (0 to " + (chunkCount - 1) + ")");
        }
        return new ChunkBitset(chunkCount, b);
    }

    /** Parses the wire form; see {@link #fromBytes} for the length rules. */
    public static ChunkBitset parse(String base64, int chunkCount) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chunk bitset '" + abbreviate(base64)
                    + "' is not padded standard base64: " + e.getMessage());
        }
        if (Base64.getEncoder().encodeToString(raw).length() != base64.length()) {
            // The JDK decoder also accepts missing padding; the contract asks for it, so every peer writes the same.
            throw new IllegalArgumentException("chunk bitset '" + abbreviate(base64) + "' is not padded standard base64");
        }
        return fromBytes(raw, chunkCount);
    }

    public int chunkCount() {
        return chunkCount;
    }

    public boolean has(int i) {
        checkIndex(i);
        return (bits[i / 8] & (1 << (i % 8))) != 0;
    }

    /** How many chunks are held. */
    public int heldCount() {
        int n = 0;
        for (byte b : bits) {
            n += Integer.bitCount(b & 0xff);
        }
        return n;
    }

    public boolean isComplete() {
        return heldCount() == chunkCount;
    }

    public ChunkBitset with(int i) {
        checkIndex(i);
        byte[] b = bits.clone();
        b[i / 8] |= (byte) (1 << (i % 8));
        return new ChunkBitset(chunkCount, b);
    }

    /** Chunks held in either. */
    public ChunkBitset or(ChunkBitset other) {
        if (other.chunkCount != chunkCount) {
            throw new IllegalArgumentException("cannot merge a bitset of " + other.chunkCount + " chunks into one of " + chunkCount);
        }
        byte[] b = bits.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] |= other.bits[i];
        }
        return new ChunkBitset(chunkCount, b);
    }

    /** Exactly {@link #byteLength} bytes; a copy. */
    public byte[] toBytes() {
        return bits.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bits);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= chunkCount) {
            throw new IndexOutOfBoundsException("chunk " + i + " is outside a blob of " + chunkCount + " chunks");
        }
    }

    private static int checkCount(int chunkCount) {
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunk count must not be negative, got " + chunkCount);
        }
        return chunkCount;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkBitset other && other.chunkCount == chunkCount && Arrays.equals(other.bits, bits);
    }

    @Override
    public int hashCode() {
        return 31 * chunkCount + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "ChunkBitset[" + heldCount() + "/" + chunkCount + " " + toBase64() + "]";
    }
}
