package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.LadingCli;
import io.lading.puller.activate.CacheFixture;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsCommandTest {
    @TempDir
    Path root;

    @Test
    void givenAnEmptyCache_whenListed_thenItSaysSo() {
        CliRun run = CliRun.of("ls", "--cache", root.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("no models in " + root, run.out().strip());
    }

    @Test
    void givenTwoModels_whenListedAsJson_thenEachHasCurrentPreviousAndVersionSizes() {
        CacheFixture cache = new CacheFixture(root);
        Digest v1 = cache.version("0123456789");
        Digest v2 = cache.version("abc");
        Digest solo = cache.version("x");
        CliRun.of("activate", "team/llama@" + v1, "--cache", root.toString());
        CliRun.of("activate", "team/llama@" + v2, "--cache", root.toString());
        CliRun.of("activate", "solo@" + solo, "--cache", root.toString());

        JsonNode answer = CliRun.of("ls", "--cache", root.toString(), "--json").json();

        assertEquals(root.toString(), answer.path("cache").asText());
        JsonNode models = answer.path("models");
        assertEquals(2, models.size());
        assertEquals("solo", models.get(0).path("name").asText());
        JsonNode llama = models.get(1);
        assertEquals("team/llama", llama.path("name").asText());
        assertEquals(v2.toString(), llama.path("current").asText());
        assertEquals(v1.toString(), llama.path("previous").asText());
        assertEquals(2, llama.path("versions").size());
        for (JsonNode version : llama.path("versions")) {
            assertEquals(3, version.path("files").asInt());
            Digest d = Digest.parse(version.path("digest").asText());
            long shard = d.equals(v1) ? 10 : 3;
            long expected = shard + sizeOf(cache.layout.blob(d)) + sizeOf(cache.versionDir("team/llama", d).resolve(".lading/config.json"));
            assertEquals(expected, version.path("bytes").asLong(), "shard, manifest and config bytes of " + d);
        }
    }

    @Test
    void givenAModel_whenListedAsText_thenVersionsAreMarkedCurrentAndPrevious() {
        CacheFixture cache = new CacheFixture(root);
        Digest v1 = cache.version("one");
        Digest v2 = cache.version("two");
        CliRun.of("activate", "team/llama@" + v1, "--cache", root.toString());
        CliRun.of("activate", "team/llama@" + v2, "--cache", root.toString());

        String out = CliRun.of("ls", "--cache", root.toString()).out();

        assertTrue(out.startsWith("team/llama\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains(v2.toString()) && l.contains("3 files") && l.endsWith("current")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains(v1.toString()) && l.endsWith("previous")), out);
    }

    @Test
    void givenLadingCacheInTheEnvironment_whenListed_thenThatCacheIsUsed() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LadingCli.class.getName(), "ls", "--json");
        pb.environment().put("LADING_CACHE", root.toString());
        Process p = pb.redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(out));
        assertEquals(root.toString(), new ObjectMapper().readTree(out).path("cache").asText());
    }

    @Test
    void givenByteCounts_whenShown_thenBinaryUnitsWithOneDecimal() {
        assertEquals("512 B", LsCommand.human(512));
        assertEquals("4.0 GiB", LsCommand.human(4L << 30));
        assertEquals("1.5 KiB", LsCommand.human(1536));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
