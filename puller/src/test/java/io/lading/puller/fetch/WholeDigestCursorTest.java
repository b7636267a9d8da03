package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole-blob digest: chunks hashed by the stream that fetched them are never read back. */
class WholeDigestCursorTest extends FetchEngineTestBase {
    private final List<FileChannel> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (FileChannel c : open) {
            c.close();
        }
    }

    @Test
    void givenChunksClaimedInOrder_whenTheirStreamsHashThem_thenNothingIsReadBackAndTheDigestIsTheBlobs()
            throws Exception {
        TestBlob blob = blob(3 * CHUNK + 11, 21);
        WholeDigestCursor cursor = cursor(blob);
        for (int chunk = 0; chunk < plan(blob).count(); chunk++) {
            WholeDigestCursor.Inline inline = cursor.claim(chunk).orElseThrow();
            feed(blob, chunk, inline, plan(blob).length(chunk));
            inline.hashed();
            cursor.chunkDone(chunk);
        }

        assertEquals(blob.digest(), cursor.await());
        assertEquals(0, cursor.readBack());
    }

    @Test
    void givenAClaimReleasedHalfWay_whenTheChunkIsDoneLater_thenItIsReadBackAndTheDigestIsUnharmed() throws Exception {
        TestBlob blob = blob(2 * CHUNK, 22);
        WholeDigestCursor cursor = cursor(blob);
        WholeDigestCursor.Inline broken = cursor.claim(0).orElseThrow();
        feed(blob, 0, broken, CHUNK / 2); // the transfer broke off here
        broken.release();
        cursor.chunkDone(0);
        cursor.chunkDone(1);

        assertEquals(blob.digest(), cursor.await());
        assertEquals(2 * CHUNK, cursor.readBack());
    }

    @Test
    void givenEarlierChunksNotHashedYet_whenAStreamAsksForALaterOne_thenItIsNotClaimed() throws Exception {
        WholeDigestCursor cursor = cursor(blob(3 * CHUNK, 23));
        Optional<WholeDigestCursor.Inline> first = cursor.claim(0);

        assertTrue(cursor.claim(1).isEmpty(), "chunk 0 is not hashed yet");
        assertTrue(cursor.claim(0).isEmpty(), "one claim at a time");
        first.orElseThrow().release();
        cursor.abandon();
    }

    /** A cursor over the blob's own file, standing in for the partial download's data file. */
    private WholeDigestCursor cursor(TestBlob blob) throws Exception {
        FileChannel data = FileChannel.open(blob.file(), StandardOpenOption.READ);
        open.add(data);
        return new WholeDigestCursor(plan(blob), data, new BitSet());
    }

    private static ChunkPlan plan(TestBlob blob) {
        return ChunkPlan.of(blob.digest(), blob.size(), blob.index(), CHUNK);
    }

    private static void feed(TestBlob blob, int chunk, WholeDigestCursor.Inline inline, long bytes) throws Exception {
        try (InputStream in = Files.newInputStream(blob.file())) {
            in.skipNBytes(plan(blob).offset(chunk));
            inline.digest().update(in.readNBytes((int) bytes));
        }
    }
}
