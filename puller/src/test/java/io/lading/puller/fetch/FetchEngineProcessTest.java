package io.lading.puller.fetch;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch engine in a real child process: killed with SIGKILL mid-way, or squeezed into a small heap. */
class FetchEngineProcessTest {
    private static final long MIB = 1 << 20;
    private static final int CHUNKS_BEFORE_KILL = 4;

    @TempDir
    Path dir;

    private Process startChild(CacheLayout layout, TestBlob blob, String heap, long bytesPerSecond, int streams)
            throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), heap,
                "-cp", System.getProperty("java.class.path"), FetchChild.class.getName(), layout.root().toString(),
                blob.file().toString(), Long.toString(blob.chunkSize()), Long.toString(bytesPerSecond),
                Integer.toString(streams));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    @Test
    void givenAFetchKilledMidway_whenAnotherProcessResumes_thenOnlyUnrecordedChunksMoveAndTheBlobIsIdentical()
            throws Exception {
        TestBlob blob = TestBlob.write(dir.resolve("origin/blob"), 24 * MIB, MIB, 42);
        CacheLayout layout = new CacheLayout(dir.resolve("cache"));
        Path record = layout.partial(blob.digest()).resolve("verified");
        // 4 MiB/s: about 6 s for the blob, so the kill lands mid-way.
        Process child = startChild(layout, blob, "-Xmx64m", 4 * MIB, 2);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recordedChunks(record) < CHUNKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child ended before the kill: " + Files.readString(dir.resolve("child.log")));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long recorded = recordedChunks(record);
        assertTrue(recorded >= CHUNKS_BEFORE_KILL && recorded < blob.chunkCount(), "recorded " + recorded + " chunks");
        assertFalse(Files.exists(layout.blob(blob.digest())), "a killed fetch exposes nothing under the digest");

        FileBlobSource registry = new FileBlobSource("registry", blob);
        Path fetched = new FetchEngine(new BlobCache(layout, Long.MAX_VALUE), FetchSettings.defaults())
                .fetch(blob.digest(), blob.size(), blob.index(), List.of(registry), FetchListener.NONE);

        assertEquals(-1, Files.mismatch(blob.file(), fetched));
        assertEquals(blob.size() - recorded * MIB, registry.bytesServed(), "every recorded chunk was kept");
        assertFalse(Files.exists(layout.partial(blob.digest())));
    }

    @Test
    void givenChunksFarLargerThanTheHeap_whenFetching_thenTheBlobArrivesWithoutRunningOutOfMemory()
            throws Exception {
        // Four streams of 32 MiB chunks: buffering chunks would need 128 MiB, the heap allows 16 MiB.
        TestBlob blob = TestBlob.write(dir.resolve("origin/big"), 128 * MIB, 32 * MIB, 43);
        CacheLayout layout = new CacheLayout(dir.resolve("cache"));

        Process child = startChild(layout, blob, "-Xmx16m", 0, 4);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");

        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.contains("fetched " + blob.digest()), log);
        assertEquals(-1, Files.mismatch(blob.file(), layout.blob(blob.digest())));
    }

    /** Whole 4-byte records in the partial's append-only record of verified chunks. */
    private static long recordedChunks(Path record) throws Exception {
        return Files.exists(record) ? Files.size(record) / Integer.BYTES : 0;
    }
}
