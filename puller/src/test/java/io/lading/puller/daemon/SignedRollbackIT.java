package io.lading.puller.daemon;

import static io.lading.puller.daemon.DaemonSupport.await;
import static io.lading.puller.daemon.DaemonSupport.awaitStatus;
import static io.lading.puller.daemon.DaemonSupport.link;
import static io.lading.puller.daemon.DaemonSupport.push;
import static io.lading.puller.daemon.DaemonSupport.shards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.trust.TestKeys;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose trust policy refuses versions signed before the active one ({@code refuseOlder}), driven by the
 * control plane: a rolled-back rollout takes it back to its previous version, while the channel moved back by
 * hand to the same older version is refused (spec/control-plane.md, {@code rollback}).
 */
class SignedRollbackIT {
    @TempDir
    Path dir;

    @Test
    void givenRefuseOlder_whenARolloutIsRolledBack_thenTheHostGoesBackButAChannelMovedBackByHandIsRefused() throws Exception {
        try (TestRegistry registry = TestRegistry.start(1 << 20, "--rollout-tick", "200ms")) {
            RepositoryName repo = TestFiles.uniqueRepository("signedrollback");
            RegistryClient admin = registry.admin();
            TestKeys release = TestKeys.generate(dir, "release", "EC");
            Digest v1 = push(admin, repo, "v1", shards(dir, "v1", 11)).manifestDigest();
            release.sign(registry.url(), repo + "@" + v1);
            Thread.sleep(1100); // signing times are what refuseOlder compares: v2 is signed later than v1
            Digest v2 = push(admin, repo, "v2", shards(dir, "v2", 12)).manifestDigest();
            release.sign(registry.url(), repo + "@" + v2);
            Path cache = dir.resolve("cache");
            Path current = cache.resolve("models").resolve(repo.value()).resolve("current");
            List<String> scopes = List.of("repository:" + repo.value() + ":pull,rollout");

            try (RunningDaemon daemon = RunningDaemon.start(config(registry, repo, cache, release))) {
                setChannel(admin, repo, v1, scopes);
                await("the host runs v1", () -> link(current).equals("versions/" + v1.hex()));
                RegistryClient.Reply started = admin.call("POST", "/lading/v1/rollouts", Map.of("model", repo.value(),
                        "target", v2.toString(), "waves", List.of(Map.of("percent", 100, "bakeSeconds", 3600))), scopes);
                assertEquals(201, started.status(), String.valueOf(started.body()));
                String id = started.body().path("id").asText();
                await("the host runs v2", () -> link(current).equals("versions/" + v2.hex()));

                RegistryClient.Reply rolledBack = admin.call("POST", "/lading/v1/rollouts/" + id + "/rollback", Map.of(), scopes);
                assertEquals(200, rolledBack.status(), String.valueOf(rolledBack.body()));
                await("the rollback takes the host back to v1, signed earlier", () -> link(current).equals("versions/" + v1.hex()));
                JsonNode back = awaitStatus(daemon.port(), "v1 is idle", m -> m.path("state").asText().equals("idle"));
                assertTrue(back.path("signature").asText().startsWith("accepted by rule 'fleet'"), back.toString());

                setChannel(admin, repo, v2, scopes);
                await("the channel moved on to v2", () -> link(current).equals("versions/" + v2.hex()));
                setChannel(admin, repo, v1, scopes);
                JsonNode refused = awaitStatus(daemon.port(), "moving the channel back to v1 by hand is refused",
                        m -> m.path("state").asText().equals("rejected") && m.path("lastError").asText().contains("refuseOlder"));
                assertEquals(v1.toString(), refused.path("desired").asText(), refused.toString());
                assertEquals("versions/" + v2.hex(), link(current), "v2 stays current");
            }
        }
    }

    private DaemonConfig config(TestRegistry registry, RepositoryName repo, Path cache, TestKeys release) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"version": 1, "rules": [{"name": "fleet", "repositories": "%s", "mode": "enforce",
                  "transparencyLog": false, "refuseOlder": true, "keys": [{"name": "release", "file": "%s"}]}]}
                """.formatted(repo.value(), release.publicPem()));
        Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD + "\n");
        DaemonConfig.Model model = new DaemonConfig.Model(repo.value(), null, null, null, null, "prod", null, null);
        DaemonConfig config = new DaemonConfig(registry.url(), TestRegistry.ADMIN, password.toString(), cache.toString(),
                "1GiB", "127.0.0.1:0", null, null, 2, Map.of(), List.of(model), policy.toString(), null, "gpu-signed",
                new ControlPlaneConfig(null, 1, 5));
        config.check();
        return config;
    }

    private static void setChannel(RegistryClient admin, RepositoryName repo, Digest version, List<String> scopes)
            throws Exception {
        RegistryClient.Reply set = admin.call("PUT", "/lading/v1/channels/" + repo.value() + "/prod",
                Map.of("version", version.toString()), scopes);
        assertEquals(200, set.status(), String.valueOf(set.body()));
    }
}
