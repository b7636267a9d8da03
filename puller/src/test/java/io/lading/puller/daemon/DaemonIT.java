package io.lading.puller.daemon;

import static io.lading.puller.daemon.DaemonSupport.await;
import static io.lading.puller.daemon.DaemonSupport.get;
import static io.lading.puller.daemon.DaemonSupport.link;
import static io.lading.puller.daemon.DaemonSupport.push;
import static io.lading.puller.daemon.DaemonSupport.shards;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.PushResult;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host agent against a real registry: it follows a tag, pulls and activates what the tag names, moves when
 * the tag moves (running the activation hook), and keeps serving its active version when the registry goes away.
 */
class DaemonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void followsATag_activatesWhatItNames_movesWithIt_andKeepsServingWhenTheRegistryIsGone() throws Exception {
        TestRegistry registry = TestRegistry.start(1 << 20);
        RepositoryName repo = TestFiles.uniqueRepository("fleet");
        PushResult v1 = push(registry.admin(), repo, "prod", shards(dir, "v1", 1, 2, 3));
        Path cache = dir.resolve("cache");
        Path hookLog = dir.resolve("hook.log");
        DaemonConfig config = new DaemonConfig(registry.url(), TestRegistry.ADMIN, writePassword(), cache.toString(), "1GiB",
                "127.0.0.1:0", 1, null, 2, java.util.Map.of("zone", "test-a"),
                List.of(new DaemonConfig.Model(repo.value(), "prod", "echo \"$LADING_VERSION\" >> " + hookLog, null, 10)), null);
        config.check();
        Path model = cache.resolve("models").resolve(repo.value());
        List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(RunningDaemon.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (RunningDaemon daemon = RunningDaemon.start(config)) {
            log.removeHandler(capture);
            assertTrue(warnings.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
                    && r.getMessage().startsWith("NO TRUST POLICY")), "without trustPolicy the daemon says loudly it checks nothing");
            await("v1 is current", () -> link(model.resolve("current")).equals("versions/" + v1.manifestDigest().hex()));
            assertArrayEquals(Files.readAllBytes(dir.resolve("v1/shard-1.bin")), Files.readAllBytes(model.resolve("current/shard-1.bin")));

            PushResult v2 = push(registry.admin(), repo, "prod", shards(dir, "v2", 1, 2, 4));
            // The link moves before the hook runs (a failing hook moves it back), so wait for the hook's line too.
            await("v2 is current and its hook has run", () -> link(model.resolve("current")).equals("versions/" + v2.manifestDigest().hex())
                    && lines(hookLog) == 2);
            assertEquals("versions/" + v1.manifestDigest().hex(), link(model.resolve("previous")));
            assertEquals(List.of(v1.manifestDigest().toString(), v2.manifestDigest().toString()), Files.readAllLines(hookLog),
                    "the hook ran once per activation, told the version");

            await("/status reports v2 active and the model idle", () -> {
                try {
                    JsonNode m = JSON.readTree(get(daemon.port(), "/status").body()).path("models").get(0);
                    return m.path("state").asText().equals("idle") && m.path("active").asText().equals(v2.manifestDigest().toString());
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode status = JSON.readTree(get(daemon.port(), "/status").body());
            assertEquals("test-a", status.path("labels").path("zone").asText());
            assertEquals("not verified (rule 'none' is off): no trust policy is configured, signatures are not checked",
                    status.path("models").get(0).path("signature").asText());
            assertEquals(v2.manifestDigest().toString(), status.path("models").get(0).path("active").asText());
            java.io.StringWriter out = new java.io.StringWriter();
            int exit = io.lading.puller.LadingCli.commandLine().setOut(new java.io.PrintWriter(out))
                    .execute("status", "--daemon", "http://127.0.0.1:" + daemon.port());
            assertEquals(0, exit);
            assertTrue(out.toString().startsWith(repo.value() + "  idle  active " + v2.manifestDigest()), "lading status: " + out);
            String metrics = get(daemon.port(), "/metrics").body();
            assertTrue(metrics.contains("lading_puller_verified_bytes{source=\"registry\"}"), metrics);
            assertTrue(metrics.contains("lading_puller_active_version{model=\"" + repo.value() + "\",version=\"" + v2.manifestDigest() + "\"} 1.0"), metrics);

            registry.stop();
            await("the daemon reports the registry gone", () -> {
                try {
                    return !JSON.readTree(get(daemon.port(), "/status").body()).path("models").get(0).path("lastError").isNull();
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(200, get(daemon.port(), "/healthz").statusCode(), "the daemon lives on");
            assertArrayEquals(Files.readAllBytes(dir.resolve("v2/shard-2.bin")), Files.readAllBytes(model.resolve("current/shard-2.bin")),
                    "and the active version still serves");

            // The registry comes back with a new version under the tag: the daemon, still polling, moves to it.
            registry.restart();
            PushResult v3 = push(registry.admin(), repo, "prod", shards(dir, "v3", 1, 5, 4));
            await("v3 is current after the outage", () -> link(model.resolve("current")).equals("versions/" + v3.manifestDigest().hex())
                    && lines(hookLog) == 3);
        } finally {
            registry.close();
        }
        Path partial = cache.resolve("partial");
        try (var files = Files.exists(partial) ? Files.walk(partial) : java.util.stream.Stream.<Path>empty()) {
            assertTrue(files.noneMatch(Files::isRegularFile), "finished downloads leave nothing under partial/");
        }
    }

    private String writePassword() throws IOException {
        return Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD + "\n").toString();
    }

    @Test
    void aConfigWithAMistakeIsRefusedWithOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"registry\": \"http://127.0.0.1:1\", \"models\": [{\"repository\": \"Bad/Name\", \"tag\": \"x\"}]}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DaemonConfig.load(bad));
        assertTrue(e.getMessage().contains("Bad/Name"), e.getMessage());
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"registry\": \"http://127.0.0.1:1\", \"modles\": []}");
        var e2 = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DaemonConfig.load(typo));
        assertTrue(e2.getMessage().contains("modles"), e2.getMessage());
        assertEquals(1, e2.getMessage().lines().count());
    }
}
