package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.activate.CacheFixture;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lading gc}: old versions and the blobs only they held go; current, previous and rollback keep working. */
class GcCommandTest {
    @TempDir
    Path root;

    @Test
    void givenThreeVersions_whenCollected_thenOnlyTheOldestAndItsOwnBlobsGo_andRollbackStillWorks() throws Exception {
        CacheFixture cache = new CacheFixture(root);
        Digest v1 = cache.version("shared shard", "v1 only shard");
        Digest v2 = cache.version("shared shard", "v2 only shard");
        Digest v3 = cache.version("shared shard", "v3 only shard");
        for (Digest v : new Digest[] {v1, v2, v3}) {
            assertEquals(0, CliRun.of("activate", "team/llama@" + v, "--cache", root.toString()).exit());
        }
        Digest v1Only = Digest.sha256Of("v1 only shard".getBytes());
        Digest shared = Digest.sha256Of("shared shard".getBytes());
        assertTrue(Files.exists(cache.layout.blob(v1Only)));

        CliRun gc = CliRun.of("gc", "--cache", root.toString(), "--json");
        assertEquals(0, gc.exit(), gc.err());
        JsonNode j = gc.json();
        assertEquals(1, j.path("versionsRemoved").asInt(), "v1 is neither current nor previous");
        assertTrue(j.path("blobsRemoved").asInt() >= 2, "v1's own shard and its manifest at least: " + j);
        assertFalse(Files.exists(cache.layout.blob(v1Only)));
        assertFalse(Files.exists(cache.versionDir("team/llama", v1)));
        assertTrue(Files.exists(cache.layout.blob(shared)), "v2 and v3 still use the shared shard");

        assertEquals(0, CliRun.of("rollback", "team/llama", "--cache", root.toString()).exit());
        assertEquals("versions/" + v2.hex(), Files.readSymbolicLink(root.resolve("models/team/llama/current")).toString());
        assertEquals("v2 only shard", Files.readString(root.resolve("models/team/llama/current/shard-1.safetensors")),
                "the rollback target's files are intact");
    }
}
