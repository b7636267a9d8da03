package io.lading.puller.control;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons against the real control plane: with no channel set yet they register and keep nothing active
 * (desired {@code active} null); once it is set they run it; a host whose activation hook fails undoes the switch
 * and reports {@code lastActivation.ok=false}, which fails it in the rollout.
 */
class ControlPlaneDaemonIT {
    private static final String FAILING = "gpu-02";

    @TempDir
    Path dir;

    @Test
    void noChannelKeepsNothingActive_thenChannelIsFollowed_andAFailedHookIsReportedAndFailsTheHost() throws Exception {
        WireMockServer health = new WireMockServer(options().dynamicPort());
        health.start();
        health.stubFor(get(urlPathMatching("/health/.*")).willReturn(ok("ready")));
        TestRegistry registry = TestRegistry.start(1 << 20, "--rollout-tick", "200ms");
        Fleet fleet = null;
        try {
            RepositoryName repo = TestFiles.uniqueRepository("hooks");
            RegistryClient admin = registry.admin();
            Digest v1 = push(admin, repo, "v1", 1);
            Digest v2 = push(admin, repo, "v2", 2);
            Path password = Files.writeString(dir.resolve("password"), TestRegistry.ADMIN_PASSWORD);
            // gpu-02's inference server refuses v2: its reload hook exits 3 for that version only.
            fleet = new Fleet(dir.resolve("hosts"), registry, password, repo, 2, health.baseUrl(),
                    host -> host.equals(FAILING) ? "test \"$LADING_VERSION\" != \"" + v2 + "\" || exit 3" : null);
            fleet.startAll();
            Fleet f = fleet;

            await("both hosts registered", () -> hosts(admin, repo).size() == 2);
            Thread.sleep(1500); // a few heartbeats and polls: nothing may become active without a channel
            assertEquals(Optional.empty(), fleet.active("gpu-01"));
            assertEquals(Optional.empty(), fleet.active(FAILING));

            RegistryClient.Reply set = admin.call("PUT", "/lading/v1/channels/" + repo.value() + "/prod", Map.of("version", "v1"),
                    List.of("repository:" + repo.value() + ":pull,rollout"));
            assertEquals(200, set.status(), String.valueOf(set.body()));
            await("both hosts run v1", () -> f.countActive(v1) == 2);

            RegistryClient.Reply started = admin.call("POST", "/lading/v1/rollouts", Map.of("model", repo.value(), "target", "v2",
                    "waves", List.of(Map.of("percent", 100))), List.of("repository:" + repo.value() + ":pull,rollout"));
            assertEquals(201, started.status(), String.valueOf(started.body()));
            String id = started.body().path("id").asText();
            await("the rollout pauses on the failed activation", () -> rollout(admin, id).path("state").asText().equals("paused"));
            JsonNode status = rollout(admin, id);
            assertEquals(FAILING, status.path("failedHosts").get(0).path("hostId").asText(), status.toString());
            assertTrue(status.path("failedHosts").get(0).path("reason").asText().startsWith("activation failed"), status.toString());
            assertEquals(Optional.of(v1), fleet.active(FAILING), "the failed hook put the previous version back");
            await("gpu-01 runs v2", () -> f.active("gpu-01").equals(Optional.of(v2)));

            JsonNode failing = hosts(admin, repo).stream().filter(h -> h.path("hostId").asText().equals(FAILING)).findFirst().orElseThrow();
            JsonNode last = failing.path("models").get(0).path("lastActivation");
            assertEquals(v2.toString(), last.path("version").asText(), failing.toString());
            assertEquals(false, last.path("ok").asBoolean(true), failing.toString());
            assertTrue(last.path("error").asText().contains("exit"), failing.toString());
            assertTrue(failing.path("models").get(0).path("cached").toString().contains(v2.toString()),
                    "v2 stays in the cache for the next try: " + failing);

            // The operator's view, as text: abort, then --watch (not a terminal: one plain line per change) ends at once.
            LadingCommand lading = new LadingCommand(registry.url());
            assertTrue(lading.text("rollout", "abort", id, "--reason", "gpu-02 cannot load v2").startsWith("abort: " + id), "abort");
            String watched = lading.text("rollout", "status", id, "--watch");
            assertEquals(1, watched.strip().lines().count(), watched);
            assertTrue(watched.startsWith(id + " aborted wave 1/1"), watched);
            String table = lading.text("fleet", "--model", repo.value());
            assertTrue(table.lines().anyMatch(l -> l.startsWith(FAILING) && l.contains(" live ")), table);
            assertTrue(table.contains(repo.value() + ": "), "counts per version: " + table);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            registry.close();
            health.stop();
        }
    }

    private static List<JsonNode> hosts(RegistryClient admin, RepositoryName repo) {
        try {
            JsonNode body = admin.call("GET", "/lading/v1/hosts?model=" + repo.value(), null,
                    List.of("repository:" + repo.value() + ":pull")).body();
            java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
            body.path("hosts").forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static JsonNode rollout(RegistryClient admin, String id) {
        try {
            return admin.call("GET", "/lading/v1/rollouts/" + id, null, List.of()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Digest push(RegistryClient admin, RepositoryName repo, String tag, int seed) throws IOException {
        Path d = Files.createDirectories(dir.resolve("model-" + tag));
        TestFiles.random(d, "shard-0.bin", 32 * 1024, seed);
        return new ArtifactPusher(admin, 2, null).push(repo, Tag.parse(tag), d, PushListener.NONE).manifestDigest();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
