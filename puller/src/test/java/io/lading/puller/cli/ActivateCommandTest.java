package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.activate.CacheFixture;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivateCommandTest {
    @TempDir
    Path root;
    CacheFixture cache;
    Digest v1;
    Digest v2;

    @BeforeEach
    void setUp() {
        cache = new CacheFixture(root);
        v1 = cache.version("v1 shard");
        v2 = cache.version("v2 shard");
    }

    private CliRun activate(Digest version, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "activate";
        args[1] = "team/llama@" + version;
        args[2] = "--cache=" + root;
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.of(args);
    }

    @Test
    void givenAPulledVersion_whenActivated_thenItIsCurrentAndTheTextSaysSo() throws Exception {
        CliRun run = activate(v1);

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("team/llama: current is " + v1), run.out());
        assertEquals("v1 shard", Files.readString(root.resolve("models/team/llama/current/shard-0.safetensors")));
    }

    @Test
    void givenJson_whenActivatedTwice_thenTheSecondAnswerNamesThePrevious() {
        JsonNode first = activate(v1, "--json").json();
        assertTrue(first.path("switched").asBoolean());
        assertTrue(first.path("previous").isNull());

        JsonNode second = activate(v2, "--json").json();

        assertEquals("team/llama", second.path("model").asText());
        assertEquals(v2.toString(), second.path("current").asText());
        assertEquals(v1.toString(), second.path("previous").asText());
        assertEquals(root.resolve("models/team/llama/versions/" + v2.hex()).toString(), second.path("path").asText());
        assertFalse(activate(v2, "--json").json().path("switched").asBoolean(), "activating the current version changes nothing");
    }

    @Test
    void givenHelp_whenAsked_thenTheHookOptionsAreDescribed() {
        CliRun run = CliRun.of("activate", "--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--on-activate-url") && run.out().contains("LADING_CACHE"), run.out());
    }

    @Test
    void givenNoDigest_whenActivated_thenAOneLineErrorAndExit1() {
        CliRun run = CliRun.of("activate", "team/llama", "--cache=" + root);
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().startsWith("lading: expected REPOSITORY@DIGEST"), run.err());
    }

    @Test
    void givenABadDigest_whenActivated_thenAOneLineErrorAndExit1() {
        CliRun run = CliRun.of("activate", "team/llama@sha256:xyz", "--cache=" + root);
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().contains("sha256"), run.err());
    }

    @Test
    void givenAVersionNotPulled_whenActivated_thenTheErrorNamesTheMissingBlob() {
        Digest absent = Digest.sha256Of("not pulled".getBytes());
        CliRun run = activate(absent);
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().contains("missing from the cache: " + absent), run.err());
        assertFalse(Files.exists(root.resolve("models")), "a refused activation creates nothing");
    }

    @Test
    void givenAFailingHookCommand_whenActivated_thenExit1WithItsStderrAndTheOldVersionStaysCurrent() throws Exception {
        activate(v1);

        CliRun run = activate(v2, "--on-activate-cmd", "echo 'reload refused' >&2; exit 1");

        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().endsWith("exited with 1: reload refused"), run.err());
        assertEquals("v1 shard", Files.readString(root.resolve("models/team/llama/current/shard-0.safetensors")));
    }

    @Test
    void givenAHookThatHangs_whenTheTimeoutIsShort_thenExit1AndTheHookWasKilled() {
        CliRun run = activate(v1, "--on-activate-cmd", "sleep 20", "--hook-timeout", "300ms");
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().contains("did not finish within 300 ms"), run.err());
        assertFalse(Files.exists(root.resolve("models/team/llama/current")));
    }

    @Test
    void givenBothHookKinds_whenActivated_thenRefused() {
        CliRun run = activate(v1, "--on-activate-cmd", "true", "--on-activate-url", "http://127.0.0.1:1/reload");
        assertEquals(1, run.exit());
        assertEquals("lading: give --on-activate-cmd or --on-activate-url, not both", run.oneLineError());
    }

    @Test
    void givenAnUnreadableTimeout_whenParsed_thenRefusedWithNonZeroExit() {
        CliRun run = activate(v1, "--hook-timeout", "soon");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("'soon' is not a duration"), run.err());
    }
}
