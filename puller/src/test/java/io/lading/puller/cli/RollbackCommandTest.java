package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.activate.CacheFixture;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackCommandTest {
    @TempDir
    Path root;

    @Test
    void givenTwoActivations_whenRolledBack_thenThePreviousIsCurrentAndJsonSaysSo() throws Exception {
        CacheFixture cache = new CacheFixture(root);
        Digest v1 = cache.version("v1 shard");
        Digest v2 = cache.version("v2 shard");
        CliRun.of("activate", "team/llama@" + v1, "--cache", root.toString());
        CliRun.of("activate", "team/llama@" + v2, "--cache", root.toString());

        CliRun run = CliRun.of("rollback", "team/llama", "--cache", root.toString(), "--json");

        assertEquals(0, run.exit(), run.err());
        JsonNode answer = run.json();
        assertEquals(v1.toString(), answer.path("current").asText());
        assertEquals(v2.toString(), answer.path("previous").asText());
        assertEquals("v1 shard", Files.readString(root.resolve("models/team/llama/current/shard-0.safetensors")));

        CliRun text = CliRun.of("rollback", "team/llama", "--cache", root.toString());
        assertEquals("team/llama: rolled back to " + v2 + ", previous is " + v1, text.out().strip());
    }

    @Test
    void givenNothingActivated_whenRolledBack_thenAOneLineErrorAndExit1() {
        CliRun run = CliRun.of("rollback", "team/llama", "--cache", root.toString());
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().startsWith("lading: cannot roll back team/llama: it has no previous version"), run.err());
        assertFalse(Files.exists(root.resolve("models")), "a refused rollback creates nothing");
    }

    @Test
    void givenAnInvalidName_whenRolledBack_thenAOneLineErrorAndExit1() {
        CliRun run = CliRun.of("rollback", "Team/../x", "--cache", root.toString());
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().contains("not a valid repository name"), run.err());
    }
}
