package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.trust.TestKeys;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lading pull --policy|--key}: signatures are checked after the pull and before anything is activated or copied out. */
class PullWithPolicyIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);
    @TempDir
    Path tmp;
    private RepositoryName repo;
    private TestKeys release;
    private Path policy;
    private Path cache;

    @BeforeEach
    void pushTwoVersions() throws Exception {
        repo = TestFiles.uniqueRepository("cli");
        release = TestKeys.generate(tmp, "release", "EC");
        for (String tag : List.of("v1", "v2")) {
            Path model = Files.createDirectories(tmp.resolve(tag));
            TestFiles.random(model, "weights.safetensors", 300_000, tag.hashCode());
            assertEquals(0, lading("push", repo + ":" + tag, model.toString()).exit());
        }
        policy = Files.writeString(tmp.resolve("policy.json"), """
                {"version": 1, "rules": [{"name": "models", "repositories": "cli/**", "mode": "enforce",
                  "transparencyLog": false, "keys": [{"name": "release", "file": "release.pub.pem"}]}]}
                """);
        cache = tmp.resolve("cache");
    }

    private static CliRun lading(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--registry", registry.url(), "-u", TestRegistry.ADMIN,
                "-p", TestRegistry.ADMIN_PASSWORD));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private String current() throws Exception {
        Path link = cache.resolve("models").resolve(repo.value()).resolve("current");
        return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : "(none)";
    }

    @Test
    void givenSignedThenUnsignedVersion_whenPulledWithPolicyAndActivate_thenOnlyTheSignedOneIsActivated() throws Exception {
        release.sign(registry.url(), repo + ":v1");
        CliRun signed = lading("pull", "--json", "--cache", cache.toString(), "--policy", policy.toString(), "--activate",
                repo + ":v1");
        assertEquals(0, signed.exit(), signed.err());
        String v1 = signed.json().path("digest").asText();
        assertEquals(v1.substring("sha256:".length()), current());

        Path out = tmp.resolve("out");
        // --json keeps progress off stderr, so stderr is exactly what a script sees on failure.
        CliRun unsigned = lading("pull", "--json", "--cache", cache.toString(), "--policy", policy.toString(), "--activate",
                "-o", out.toString(), repo + ":v2");

        assertEquals(1, unsigned.exit());
        Digest v2 = registry.admin().manifest(repo, Tag.parse("v2")).digest();
        assertEquals("lading: " + repo + "@" + v2 + " rejected by rule 'models': no Sigstore bundle is attached to " + v2
                + "; nothing was activated or copied out", unsigned.oneLineError());
        assertEquals(v1.substring("sha256:".length()), current(), "current is unchanged");
        assertFalse(Files.exists(out), "nothing was copied out");
    }

    @Test
    void givenVersionSignedByAnotherKey_whenPulledWithKey_thenRefused_andWithItsKey_thenActivated() throws Exception {
        TestKeys other = TestKeys.generate(tmp, "other", "Ed25519");
        other.sign(registry.url(), repo + ":v2");

        CliRun refused = lading("pull", "--json", "--cache", cache.toString(), "--key", release.publicPem().toString(), "--activate",
                repo + ":v2");
        CliRun accepted = lading("pull", "--cache", cache.toString(), "--key", other.publicPem().toString(), "--activate",
                repo + ":v2");

        assertEquals(1, refused.exit());
        assertTrue(refused.oneLineError().contains("signature does not verify with any of the 1 key(s) of rule '--key'"),
                refused.err());
        assertEquals(0, accepted.exit(), accepted.err());
        assertTrue(accepted.out().contains("now current"), accepted.out());
    }

    @Test
    void givenBothPolicyAndKey_whenPulled_thenOneLineUsageErrorBeforeAnyPull() {
        CliRun run = lading("pull", "--cache", cache.toString(), "--policy", policy.toString(), "--key", "k.pem", repo + ":v1");

        assertEquals(1, run.exit());
        assertEquals("lading: give at most one of --policy <file> or --key <public.pem>", run.oneLineError());
        assertFalse(Files.exists(cache.resolve("blobs")), "nothing was pulled");
    }
}
