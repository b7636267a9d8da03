package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A partial download resumes only as the kind it was: chunks recorded unchecked are never served as checked. */
class PartialDownloadTest extends FetchEngineTestBase {

    @Test
    void givenChunksRecordedUnchecked_whenReopenedForPeers_thenItStartsOver() throws Exception {
        TestBlob blob = blob(3 * CHUNK, 31);
        ChunkPlan plan = ChunkPlan.of(blob.digest(), blob.size(), blob.index(), CHUNK);
        Path dir = layout().partial(blob.digest());
        try (PartialDownload registryOnly = PartialDownload.open(dir, plan, false)) {
            registryOnly.recordVerified(0);
            registryOnly.recordVerified(1);
        }
        try (PartialDownload again = PartialDownload.open(dir, plan, false)) {
            assertEquals(2, again.verified().cardinality(), "resumed as it was");
        }

        try (PartialDownload withPeers = PartialDownload.open(dir, plan, true)) {
            assertTrue(withPeers.verified().isEmpty(), "peers are served checked chunks only");
        }
    }
}
