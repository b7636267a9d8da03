package io.lading.spec.chunk;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bitset encoding of spec/peers.md, "Chunk bitsets". */
class ChunkBitsetTest {

    @Test
    void bitIIsByteIOver8AtPositionIMod8LeastSignificantFirst() {
        ChunkBitset s = ChunkBitset.of(10, 0, 9);
        assertArrayEquals(new byte[] {0x01, 0x02}, s.toBytes());
        assertEquals("AQI=", s.toBase64());
        assertEquals(s, ChunkBitset.parse("AQI=", 10));
        assertTrue(s.has(0));
        assertTrue(s.has(9));
        assertFalse(s.has(1));
        assertEquals(2, s.heldCount());
    }

    @Test
    void fullSetsExactlyTheChunksThatExist() {
        assertEquals("/wM=", ChunkBitset.full(10).toBase64());
        assertEquals("//8=", ChunkBitset.full(16).toBase64());
        assertTrue(ChunkBitset.full(10).isComplete());
        assertFalse(ChunkBitset.full(10).equals(ChunkBitset.of(10, 0)));
    }

    @Test
    void anEmptyBlobHasNoChunksAndAnEmptyBitset() {
        ChunkBitset none = ChunkBitset.parse("", 0);
        assertEquals("", none.toBase64());
        assertTrue(none.isComplete(), "all of zero chunks are held");
        assertEquals(none, ChunkBitset.full(0));
    }

    @Test
    void aShorterBitsetMeansTheMissingChunksAreNotHeld() {
        ChunkBitset s = ChunkBitset.parse("AQ==", 20);
        assertEquals(3, s.toBytes().length);
        assertEquals(ChunkBitset.of(20, 0), s);
    }

    @Test
    void orMergesAndWithAddsWithoutChangingTheOriginal() {
        ChunkBitset a = ChunkBitset.of(12, 1);
        ChunkBitset b = ChunkBitset.of(12, 11);
        assertEquals(ChunkBitset.of(12, 1, 11), a.or(b));
        assertEquals(ChunkBitset.of(12, 1, 5), a.with(5));
        assertEquals(ChunkBitset.of(12, 1), a, "immutable");
        assertThrows(IllegalArgumentException.class, () -> a.or(ChunkBitset.of(13)));
    }

    @Test
    void refusesABitBeyondTheLastChunk() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChunkBitset.parse("/wc=", 10));
        assertTrue(e.getMessage().contains("beyond chunk 10"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> ChunkBitset.of(10, 10));
    }

    @Test
    void refusesMoreBytesThanTheBlobHasChunksFor() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChunkBitset.parse("AAAA", 10));
        assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AQI", "AQ I=", "AQ-=", "A", "%%%%"})
    void refusesWhatIsNotPaddedStandardBase64(String s) {
        var e = assertThrows(IllegalArgumentException.class, () -> ChunkBitset.parse(s, 16));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }
}
