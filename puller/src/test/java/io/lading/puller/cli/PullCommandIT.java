package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lading push} then {@code lading pull}: the real CLI both ways against a real registry with access control on. */
class PullCommandIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);
    @TempDir
    Path tmp;

    private String[] withRegistry(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = args[0];
        all[1] = "--registry";
        all[2] = registry.url();
        all[3] = "-u=" + TestRegistry.ADMIN;
        all[4] = "-p=" + TestRegistry.ADMIN_PASSWORD;
        System.arraycopy(args, 1, all, 5, args.length - 1);
        return all;
    }

    @Test
    void pullFetchesEverythingOnce_activates_andCopiesTheFilesOutByTitle() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        TestFiles.random(model, "model-00001-of-00002.safetensors", 2_500_000, 1);
        TestFiles.random(model, "model-00002-of-00002.safetensors", 900_000, 2);
        // Models ship a config.json of their own; it must land as pushed, beside Lading's .lading/config.json.
        Files.writeString(model.resolve("config.json"), "{\"architectures\": [\"Test\"]}");
        RepositoryName repo = TestFiles.uniqueRepository("cli");
        CliRun pushed = CliRun.of(withRegistry("push", "--json", repo + ":v1", model.toString()));
        assertEquals(0, pushed.exit(), pushed.err());
        String digest = pushed.json().path("digest").asText();

        Path cache = tmp.resolve("cache");
        Path out = tmp.resolve("out");
        CliRun pull = CliRun.of(withRegistry("pull", "--json", "--cache", cache.toString(), "--activate", "-o", out.toString(), repo + ":v1"));
        assertEquals(0, pull.exit(), pull.err());
        JsonNode j = pull.json();
        assertEquals(digest, j.path("digest").asText());
        assertEquals(j.path("totalBytes").asLong(), j.path("bytesFetched").asLong());
        assertTrue(j.path("activated").asBoolean());
        for (String name : new String[] {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "config.json"}) {
            byte[] original = Files.readAllBytes(model.resolve(name));
            assertArrayEquals(original, Files.readAllBytes(out.resolve(name)), name + " in -o");
            assertArrayEquals(original, Files.readAllBytes(cache.resolve("models").resolve(repo.value()).resolve("current").resolve(name)),
                    name + " through current");
        }

        CliRun again = CliRun.of(withRegistry("pull", "--json", "--cache", cache.toString(), repo + "@" + digest));
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, again.json().path("bytesFetched").asLong(), "a cached version moves no bytes");
    }

    @Test
    void badReferencesAndUnknownTagsAreOneLineErrors() {
        CliRun malformed = CliRun.of(withRegistry("pull", "--cache", tmp.toString(), "Not/Valid:v1"));
        assertEquals(1, malformed.exit());
        assertTrue(malformed.oneLineError().contains("Not/Valid"), malformed.err());

        CliRun unknown = CliRun.of(withRegistry("pull", "--cache", tmp.toString(), "cli/nothing-here:v1"));
        assertEquals(1, unknown.exit());
        assertTrue(unknown.oneLineError().contains("MANIFEST_UNKNOWN") || unknown.oneLineError().contains("NAME_UNKNOWN"), unknown.err());

        CliRun wrongPassword = CliRun.of("pull", "--registry", registry.url(), "-u=admin", "-p=wrong", "--cache", tmp.toString(), "cli/x:v1");
        assertEquals(1, wrongPassword.exit());
        assertTrue(wrongPassword.oneLineError().contains("401"), wrongPassword.err());
    }
}
