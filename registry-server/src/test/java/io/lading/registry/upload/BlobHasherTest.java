package io.lading.registry.upload;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobHasherTest {
    private static final int CHUNK = 1000;

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Feeds the content in pieces that straddle chunk boundaries, as network reads do. */
    private static BlobHasher hashInPieces(byte[] data, int piece) {
        BlobHasher h = new BlobHasher(CHUNK);
        for (int off = 0; off < data.length; off += piece) {
            h.update(data, off, Math.min(piece, data.length - off));
        }
        return h;
    }

    @Test
    void everyChunkDigestIsTheSha256OfThatSliceAndTheLastMayBeShort() {
        byte[] data = content(2 * CHUNK + 337);
        BlobHasher h = hashInPieces(data, 333);
        byte[] chunks = h.chunkDigests();
        assertEquals(3 * 32, chunks.length);
        for (int i = 0; i < 3; i++) {
            byte[] slice = Arrays.copyOfRange(data, i * CHUNK, Math.min(data.length, (i + 1) * CHUNK));
            assertEquals(Digest.sha256Of(slice).hex(),
                    Digest.of(io.lading.spec.digest.DigestAlgorithm.SHA256, Arrays.copyOfRange(chunks, i * 32, i * 32 + 32)).hex());
        }
        assertEquals(Digest.sha256Of(data), h.sha256());
    }

    @Test
    void aBlobOfExactlyNChunksHasNChunkDigestsAndAnEmptyBlobNone() {
        assertEquals(2 * 32, hashInPieces(content(2 * CHUNK), 7).chunkDigests().length);
        assertEquals(0, new BlobHasher(CHUNK).chunkDigests().length);
    }

    @Test
    void replayingTheDataFileGivesTheSameStateAsStreaming(@TempDir Path dir) throws IOException {
        byte[] data = content(5 * CHUNK + 1);
        Path file = Files.write(dir.resolve("data"), data);
        BlobHasher replayed = BlobHasher.replay(file, 3 * CHUNK + 10, CHUNK);
        replayed.update(data, 3 * CHUNK + 10, data.length - (3 * CHUNK + 10));
        BlobHasher streamed = hashInPieces(data, 4096);
        assertEquals(streamed.sha256(), replayed.sha256());
        assertArrayEquals(streamed.chunkDigests(), replayed.chunkDigests());
    }
}
