package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGKILL in the middle of a fetch, then a resume in another process. */
class FetchEngineKillTest {
    private static final long CHUNK = 1 << 20;
    private static final long SIZE = 24 * CHUNK;
    /** Slow enough (about 6 s for the blob) that the kill lands mid-way, fast enough for a unit test. */
    private static final long CHILD_BYTES_PER_SECOND = 4L << 20;
    private static final int CHUNKS_BEFORE_KILL = 4;

    @TempDir
    Path dir;

    @Test
    void givenAFetchKilledMidway_whenAnotherProcessResumes_thenOnlyUnrecordedChunksMoveAndTheBlobIsIdentical()
            throws Exception {
        TestBlob blob = TestBlob.write(dir.resolve("origin/blob"), SIZE, CHUNK, 42);
        CacheLayout layout = new CacheLayout(dir.resolve("cache"));
        Path record = layout.partial(blob.digest()).resolve("verified");
        Path childLog = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), SlowFetchChild.class.getName(),
                layout.root().toString(), blob.file().toString(), Long.toString(CHUNK),
                Long.toString(CHILD_BYTES_PER_SECOND)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recordedChunks(record) < CHUNKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child ended before the kill: " + Files.readString(childLog));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long recorded = recordedChunks(record);
        assertTrue(recorded >= CHUNKS_BEFORE_KILL && recorded < SIZE / CHUNK, "recorded " + recorded + " chunks");
        assertFalse(Files.exists(layout.blob(blob.digest())), "a killed fetch exposes nothing under the digest");

        FileBlobSource registry = new FileBlobSource("registry", blob);
        Path fetched = new FetchEngine(new BlobCache(layout, Long.MAX_VALUE), FetchSettings.defaults())
                .fetch(blob.digest(), blob.size(), blob.index(), List.of(registry), FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(SIZE - recorded * CHUNK, registry.bytesServed(), "every recorded chunk was kept");
        assertFalse(Files.exists(layout.partial(blob.digest())));
    }

    /** Whole 4-byte records in the partial's append-only record of verified chunks. */
    private static long recordedChunks(Path record) throws Exception {
        return Files.exists(record) ? Files.size(record) / Integer.BYTES : 0;
    }
}
