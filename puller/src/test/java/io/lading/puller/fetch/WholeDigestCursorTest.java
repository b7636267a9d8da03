package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole-blob digest: chunks hashed by the stream that fetched them are never read back. */
class WholeDigestCursorTest extends FetchEngineTestBase {

    @Test
    void givenChunksClaimedInOrder_whenTheirStreamsHashThem_thenNothingIsReadBackAndTheDigestIsTheBlobs()
            throws Exception {
        TestBlob blob = blob(3 * CHUNK + 11, 21);
        ChunkPlan plan = ChunkPlan.of(blob.digest(), blob.size(), blob.index(), CHUNK);
        try (FileChannel data = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            WholeDigestCursor cursor = new WholeDigestCursor(plan, data, new BitSet());
            for (int chunk = 0; chunk < plan.count(); chunk++) {
                WholeDigestCursor.Inline inline = cursor.claim(chunk).orElseThrow();
                feed(blob, plan, chunk, inline, plan.length(chunk));
                inline.hashed();
                cursor.chunkDone(chunk);
            }

            assertEquals(blob.digest(), cursor.await());
            assertEquals(0, cursor.readBack());
        }
    }

    @Test
    void givenAClaimReleasedHalfWay_whenTheChunkIsDoneLater_thenItIsReadBackAndTheDigestIsUnharmed() throws Exception {
        TestBlob blob = blob(2 * CHUNK, 22);
        ChunkPlan plan = ChunkPlan.of(blob.digest(), blob.size(), blob.index(), CHUNK);
        try (FileChannel data = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            WholeDigestCursor cursor = new WholeDigestCursor(plan, data, new BitSet());
            WholeDigestCursor.Inline broken = cursor.claim(0).orElseThrow();
            feed(blob, plan, 0, broken, CHUNK / 2); // the transfer broke off here
            broken.release();
            cursor.chunkDone(0);
            cursor.chunkDone(1);

            assertEquals(blob.digest(), cursor.await());
            assertEquals(2 * CHUNK, cursor.readBack());
        }
    }

    @Test
    void givenEarlierChunksNotHashedYet_whenAStreamAsksForALaterOne_thenItIsNotClaimed() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 23);
        ChunkPlan plan = ChunkPlan.of(blob.digest(), blob.size(), blob.index(), CHUNK);
        try (FileChannel data = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            WholeDigestCursor cursor = new WholeDigestCursor(plan, data, new BitSet());
            Optional<WholeDigestCursor.Inline> first = cursor.claim(0);

            assertTrue(cursor.claim(1).isEmpty(), "chunk 0 is not hashed yet");
            assertTrue(cursor.claim(0).isEmpty(), "one claim at a time");
            first.orElseThrow().release();
            cursor.abandon();
        }
    }

    private static void feed(TestBlob blob, ChunkPlan plan, int chunk, WholeDigestCursor.Inline inline, long bytes)
            throws Exception {
        try (InputStream in = Files.newInputStream(blob.file())) {
            in.skipNBytes(plan.offset(chunk));
            inline.digest().update(in.readNBytes((int) bytes));
        }
    }
}
