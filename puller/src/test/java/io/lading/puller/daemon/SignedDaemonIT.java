package io.lading.puller.daemon;

import static io.lading.puller.daemon.DaemonSupport.await;
import static io.lading.puller.daemon.DaemonSupport.awaitStatus;
import static io.lading.puller.daemon.DaemonSupport.get;
import static io.lading.puller.daemon.DaemonSupport.link;
import static io.lading.puller.daemon.DaemonSupport.push;
import static io.lading.puller.daemon.DaemonSupport.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.LadingCli;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.trust.TestKeys;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host agent with a trust policy, against a real registry, versions signed by {@code lading sign}: an unsigned
 * or mis-signed version is never activated (and /status, /metrics say why), a properly signed one is, and with
 * {@code refuseOlder} a tag moved back to an older version is refused while an operator's rollback still works.
 */
class SignedDaemonIT {
    @TempDir
    Path dir;
    private TestRegistry registry;
    private RepositoryName repo;
    private TestKeys release;
    private TestKeys stranger;
    private Path cache;
    private Path model;

    @BeforeEach
    void start() throws Exception {
        registry = TestRegistry.start(1 << 20);
        repo = TestFiles.uniqueRepository("fleet");
        release = TestKeys.generate(dir, "release", "EC");
        stranger = TestKeys.generate(dir, "stranger", "Ed25519");
        cache = dir.resolve("cache");
        model = cache.resolve("models").resolve(repo.value());
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
    }

    private DaemonConfig config(String mode) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"version": 1, "rules": [{"name": "fleet", "repositories": "%s", "tags": "prod", "mode": "%s",
                  "transparencyLog": false, "refuseOlder": true, "keys": [{"name": "release", "file": "%s"}]}]}
                """.formatted(repo.value(), mode, release.publicPem()));
        Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD + "\n");
        DaemonConfig config = new DaemonConfig(registry.url(), TestRegistry.ADMIN, password.toString(), cache.toString(),
                "1GiB", "127.0.0.1:0", 1, null, 2, Map.of(), List.of(new DaemonConfig.Model(repo.value(), "prod", null,
                null, 10)), policy.toString());
        config.check();
        return config;
    }

    /** Pushes a version under a staging tag, so the daemon sees it only once {@link #promote} moves prod to it. */
    private Digest stage(String name, int seed) throws Exception {
        return push(registry.admin(), repo, "staging", shards(dir, name, 1, seed)).manifestDigest();
    }

    private void promote(Digest version) throws Exception {
        byte[] bytes = registry.admin().manifest(repo, new DigestReference(version)).bytes();
        registry.admin().putManifest(repo, "prod", bytes, MediaTypes.OCI_MANIFEST);
    }

    private String current() {
        return link(model.resolve("current"));
    }

    private static String version(Digest d) {
        return "versions/" + d.hex();
    }

    private static boolean rejected(JsonNode m, Digest desired, String reason) {
        return m.path("state").asText().equals("rejected") && m.path("desired").asText().equals(desired.toString())
                && m.path("lastError").asText().contains(reason);
    }

    private String rejections(int port) throws Exception {
        String metrics = get(port, "/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("lading_puller_signature_rejections_total{model=\"" + repo.value()
                + "\",rule=\"fleet\"}")).findFirst().orElse("(no rejections metric)");
    }

    @Test
    void givenEnforcedKeyPolicy_whenTheTagNamesUnsignedThenSignedThenStrangerSignedThenOlderVersions_thenOnlyTrustedAndFreshOnesActivate()
            throws Exception {
        Digest v1 = stage("v1", 2);
        promote(v1);
        try (RunningDaemon daemon = RunningDaemon.start(config("enforce"))) {
            JsonNode unsigned = awaitStatus(daemon.port(), "the unsigned v1 is rejected",
                    m -> rejected(m, v1, "no Sigstore bundle is attached to " + v1));
            assertEquals("rejected by rule 'fleet': no Sigstore bundle is attached to " + v1, unsigned.path("lastError").asText());
            assertTrue(unsigned.path("active").isNull(), "nothing was activated: " + unsigned);
            assertFalse(Files.exists(model.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals("lading_puller_signature_rejections_total{model=\"" + repo.value() + "\",rule=\"fleet\"} 1.0",
                    rejections(daemon.port()));

            release.sign(registry.url(), repo + "@" + v1);
            await("v1, now signed by the release key, is current", () -> current().equals(version(v1)));
            JsonNode accepted = awaitStatus(daemon.port(), "v1 is idle", m -> m.path("state").asText().equals("idle"));
            assertEquals("accepted by rule 'fleet': signed by key release", accepted.path("signature").asText());

            Digest v2 = stage("v2", 3);
            stranger.sign(registry.url(), repo + "@" + v2);
            promote(v2);
            awaitStatus(daemon.port(), "v2, signed by an untrusted key, is rejected",
                    m -> rejected(m, v2, "signature does not verify with any of the 1 key(s) of rule 'fleet' (trusted: release; the bundle has"
                            + " key hint " + io.lading.puller.trust.TrustedKey.fromFile(null, stranger.publicPem()).fingerprint() + ")"));
            assertEquals(version(v1), current(), "v1 stays current");

            Digest v3 = stage("v3", 4);
            release.sign(registry.url(), repo + "@" + v3);
            promote(v3);
            await("v3, signed by the release key, is current", () -> current().equals(version(v3)));
            assertEquals(version(v1), link(model.resolve("previous")));
            try (var times = Files.list(model.resolve(".signed-at"))) {
                assertEquals(java.util.Set.of(v1.hex(), v3.hex()), times.map(p -> p.getFileName().toString())
                        .collect(java.util.stream.Collectors.toSet()), "signing times are kept for current and previous (v2 was never activated)");
            }

            promote(v1);
            JsonNode older = awaitStatus(daemon.port(), "moving prod back to the older v1 is refused",
                    m -> rejected(m, v1, "before the active version"));
            assertTrue(older.path("lastError").asText().contains("refuseOlder"), older.toString());
            assertEquals(version(v3), current(), "v3 stays current");
            assertEquals("lading_puller_signature_rejections_total{model=\"" + repo.value() + "\",rule=\"fleet\"} 3.0",
                    rejections(daemon.port()), "unsigned v1, stranger-signed v2, older v1: each counted once");

            StringWriter out = new StringWriter();
            int exit = LadingCli.commandLine().setOut(new PrintWriter(out)).execute("rollback", "--cache", cache.toString(),
                    repo.value());
            assertEquals(0, exit, out.toString());
            assertEquals(version(v1), current(), "an operator rollback goes back to v1");
            awaitStatus(daemon.port(), "the daemon accepts the rolled-back v1 as what prod names",
                    m -> m.path("state").asText().equals("idle") && m.path("active").asText().equals(v1.toString()));
            assertEquals(version(v1), current());
        }
    }

    @Test
    void givenWarnPolicy_whenTheTagNamesAnUnsignedVersion_thenItIsActivatedAndTheWarningIsReported() throws Exception {
        Digest v1 = stage("v1", 2);
        promote(v1);
        try (RunningDaemon daemon = RunningDaemon.start(config("warn"))) {
            await("the unsigned v1 is current anyway", () -> current().equals(version(v1)));
            JsonNode status = awaitStatus(daemon.port(), "v1 is idle", m -> m.path("state").asText().equals("idle"));
            assertEquals("not verified (rule 'fleet' is warn): no Sigstore bundle is attached to " + v1,
                    status.path("signature").asText());
            String metrics = get(daemon.port(), "/metrics").body();
            assertTrue(metrics.contains("lading_puller_signature_warnings_total{model=\"" + repo.value()
                    + "\",rule=\"fleet\"} 1.0"), metrics);
            assertFalse(metrics.contains("lading_puller_signature_rejections_total{"), metrics);
        }
    }
}
