package io.lading.registry.control;

import static io.lading.registry.control.ControlClient.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.Http;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.spec.digest.Digest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollouts driven over HTTP with access control on, against simulated hosts that heartbeat and follow their
 * desired state as pullers do (spec/control-plane.md, Rollouts).
 */
class RolloutIT {
    private static final Duration SOON = Duration.ofSeconds(10);
    private static SecuredRegistry registry;
    private static ControlClient c;

    @BeforeAll
    static void start() {
        registry = new SecuredRegistry("--rollout-tick", "100ms");
        c = new ControlClient(registry);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** A model with v1 on channel prod, n hosts serving v1 (ids prefix-0 ... prefix-(n-1)), and v2 pushed as tag v2. */
    private record Setup(String model, Digest v1, Digest v2, List<SimHost> hosts) {
    }

    private static Setup setup(String prefix, int n) {
        String model = "models/" + Http.randomRepository().substring(5);
        Digest v1 = c.pushVersion(model, "v1");
        Digest v2 = c.pushVersion(model, "v2");
        c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"v1\"}", c.opsToken(model));
        List<SimHost> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SimHost h = new SimHost(c, prefix + "-" + i, Map.of("region", i % 2 == 0 ? "eu" : "us", "zone", "z" + i), model, "prod", v1.toString());
            h.beat();
            hosts.add(h);
        }
        return new Setup(model, v1, v2, hosts);
    }

    private static String start(Setup s, String waves, String extra) {
        JsonNode r = c.startRollout(s.model(), "{\"model\":\"" + s.model() + "\",\"target\":\"v2\",\"waves\":" + waves + extra + "}");
        return r.get("id").asText();
    }

    @Test
    void wavesActivateInOrder_afterEveryHostPrefetched_andOnlyAfterBake() {
        Setup s = setup("waves", 4);
        JsonNode started = c.startRollout(s.model(), "{\"model\":\"" + s.model() + "\",\"target\":\"v2\",\"waves\":"
                + "[{\"count\":1,\"bakeSeconds\":2},{\"percent\":100}]}");
        String id = started.get("id").asText();
        assertEquals("prefetching", started.get("state").asText());
        assertEquals(s.v2().toString(), started.get("target").asText(), "the tag was resolved to its digest at start");
        assertEquals("v2", started.get("targetRef").asText());
        for (SimHost h : s.hosts()) {
            JsonNode d = h.desiredModel();
            assertEquals(s.v2().toString(), d.get("prefetch").get(0).asText(), "every targeted host prefetches at start");
            assertEquals(s.v1().toString(), d.get("active").asText(), "nothing activates before prefetch completes");
            assertEquals(id, d.get("rollout").asText());
            assertFalse(d.get("rollback").asBoolean(), "a rollout going forward is no rollback");
        }

        // Given three of four hosts cached the target, wave 1 still waits for the fourth.
        s.hosts().get(3).fetches = false;
        Hosts.followAll(s.hosts());
        sleep(600);
        assertEquals("prefetching", c.state(s.model(), id));
        assertEquals(3, c.rollout(s.model(), id).get("prefetch").get("done").asInt());
        s.hosts().get(3).fetches = true;
        s.hosts().get(3).follow();
        await("wave 1 to activate", SOON, () -> c.rollout(s.model(), id).get("currentWave").asInt() == 1);

        // Wave 1 is the first host in the stable order, and stays so on every re-evaluation.
        String canary = Hosts.expectedOrder(s.hosts(), id).get(0);
        assertEquals(List.of(canary), Hosts.desiring(s.hosts(), s.v2().toString()));
        Hosts.beatAll(s.hosts());
        assertEquals(List.of(canary), Hosts.desiring(s.hosts(), s.v2().toString()));

        // When the canary is healthy, wave 2 waits for the 2 s bake.
        long healthyAt = System.nanoTime();
        Hosts.followAll(s.hosts());
        await("wave 2 to activate", SOON, () -> c.rollout(s.model(), id).get("currentWave").asInt() == 2);
        long baked = Duration.ofNanos(System.nanoTime() - healthyAt).toMillis();
        assertTrue(baked >= 1900, "wave 2 activated " + baked + " ms after wave 1 was healthy; bake is 2000 ms");
        assertEquals(4, Hosts.desiring(s.hosts(), s.v2().toString()).size());

        Hosts.followAll(s.hosts());
        await("completion", SOON, () -> c.state(s.model(), id).equals("completed"));
        JsonNode done = c.rollout(s.model(), id);
        assertEquals(List.of("started", "wave_activated", "wave_activated", "completed"),
                StreamSupport.stream(done.get("events").spliterator(), false).map(e -> e.get("event").asText()).toList());
        assertEquals(4, done.get("versions").get(s.v2().toString()).asInt());
        JsonNode prod = c.expect(200, "GET", "/lading/v1/channels/" + s.model() + "/prod", null, c.hostToken(s.model()));
        assertEquals(s.v2().toString(), prod.get("version").asText(), "completion moves the channel");
        assertEquals("rollout " + id, prod.get("reason").asText());
        String audit = new String(registry.admin("GET", "/lading/v1/admin/audit?limit=1000", null).body());
        assertTrue(audit.contains("\"actor\":\"system\",\"action\":\"channel.move\",\"target\":\"" + s.model() + " channel prod\""), audit);
        assertTrue(audit.contains("\"actor\":\"system\",\"action\":\"rollout.completed\",\"target\":\"" + id), audit);
        for (SimHost h : s.hosts()) {
            JsonNode d = h.desiredModel();
            assertEquals(s.v2().toString(), d.get("active").asText());
            assertTrue(d.get("rollout").isNull(), "after completion the channel decides");
        }
    }

    @Test
    void aFailingHealthProbeExhaustsTheBudget_andPauses() {
        Setup s = setup("budget", 3);
        String id = start(s, "[{\"count\":1,\"maxFailures\":0},{\"percent\":100}]", "");
        Hosts.followAll(s.hosts());
        await("wave 1", SOON, () -> c.rollout(s.model(), id).get("currentWave").asInt() == 1);
        s.hosts().forEach(h -> h.healthy = false);
        Hosts.followAll(s.hosts());
        await("pause", SOON, () -> c.state(s.model(), id).equals("paused"));
        JsonNode st = c.rollout(s.model(), id);
        String canary = Hosts.expectedOrder(s.hosts(), id).get(0);
        assertEquals(1, st.get("failedHosts").size());
        assertEquals(canary, st.get("failedHosts").get(0).get("hostId").asText());
        assertTrue(st.get("failedHosts").get(0).get("reason").asText().startsWith("health probe failed: 503"), st.toString());
        assertEquals(1, st.get("waves").get(0).get("failed").asInt());
        sleep(500);
        assertEquals(1, c.rollout(s.model(), id).get("currentWave").asInt(), "a paused rollout does not advance");
        assertEquals(List.of(canary), Hosts.desiring(s.hosts(), s.v2().toString()));
    }

    @Test
    void withOnFailureRollback_aFailedActivationSendsEveryHostBackToItsOwnBeforeVersion() {
        Setup s = setup("rollback", 4);
        // One host ran something else before the rollout: it must go back to that, not to the channel's v1.
        Digest v0 = c.pushVersion(s.model(), "v0");
        SimHost odd = s.hosts().get(2);
        odd.active = v0.toString();
        odd.cached.add(v0.toString());
        odd.beat();
        String id = start(s, "[{\"count\":2,\"maxFailures\":0},{\"percent\":100}]", ",\"onFailure\":\"rollback\"");
        s.hosts().forEach(h -> h.failActivationOf = s.v2().toString());
        Hosts.followAll(s.hosts());
        await("wave 1", SOON, () -> c.rollout(s.model(), id).get("currentWave").asInt() == 1);
        Hosts.followAll(s.hosts());
        await("rollback", SOON, () -> c.state(s.model(), id).equals("rolled_back"));
        JsonNode st = c.rollout(s.model(), id);
        assertTrue(st.get("failedHosts").get(0).get("reason").asText().startsWith("activation failed: "), st.toString());
        for (SimHost h : s.hosts()) {
            JsonNode d = h.desiredModel();
            String before = h == odd ? v0.toString() : s.v1().toString();
            assertEquals(before, d.get("active").asText(), h.id + " goes back to its own version");
            assertEquals(0, d.get("prefetch").size());
            assertEquals(id, d.get("rollout").asText());
            assertTrue(d.get("rollback").asBoolean(), h.id + " is told it is a rollback");
        }
        JsonNode prod = c.expect(200, "GET", "/lading/v1/channels/" + s.model() + "/prod", null, c.hostToken(s.model()));
        assertEquals(s.v1().toString(), prod.get("version").asText(), "a rolled-back rollout does not move the channel");
    }

    @Test
    void pauseResumePromoteAbortAndRollback_doWhatTheTableSays() {
        Setup s = setup("actions", 4);
        String id = start(s, "[{\"count\":1,\"bakeSeconds\":3600},{\"count\":1,\"bakeSeconds\":3600},{\"percent\":100}]", "");
        Hosts.followAll(s.hosts());
        await("wave 1", SOON, () -> c.rollout(s.model(), id).get("currentWave").asInt() == 1);
        Hosts.followAll(s.hosts());

        assertEquals("paused", c.act(s.model(), id, "pause").get("state").asText());
        JsonNode refused = c.expect(409, "POST", "/lading/v1/rollouts/" + id + "/promote", null, c.opsToken(s.model()));
        assertEquals("ROLLOUT_STATE", refused.get("errors").get(0).get("code").asText());
        assertEquals("paused", refused.get("errors").get(0).get("detail").get("state").asText());
        assertEquals("running", c.act(s.model(), id, "resume").get("state").asText());

        JsonNode promoted = c.act(s.model(), id, "promote");
        assertEquals(2, promoted.get("currentWave").asInt(), "promote skips the hour of bake");
        assertEquals("done", promoted.get("waves").get(0).get("state").asText());
        List<String> order = Hosts.expectedOrder(s.hosts(), id);
        assertEquals(order.subList(0, 2).stream().sorted().toList(), Hosts.desiring(s.hosts(), s.v2().toString()));

        assertTrue(s.hosts().stream().noneMatch(h -> h.desiredModel().get("rollback").asBoolean()),
                "a rollout going forward is no rollback");
        JsonNode aborted = c.act(s.model(), id, "abort");
        assertEquals("aborted", aborted.get("state").asText());
        assertEquals(order.subList(0, 2).stream().sorted().toList(), Hosts.desiring(s.hosts(), s.v2().toString()),
                "abort: activated hosts stay on the target, the others keep their version");
        assertEquals(order.subList(2, 4).stream().sorted().toList(), Hosts.desiring(s.hosts(), s.v1().toString()));
        c.expect(409, "POST", "/lading/v1/rollouts/" + id + "/resume", null, c.opsToken(s.model()));

        assertEquals("rolled_back", c.act(s.model(), id, "rollback").get("state").asText());
        assertEquals(4, Hosts.desiring(s.hosts(), s.v1().toString()).size());
        assertTrue(s.hosts().stream().allMatch(h -> h.desiredModel().get("rollback").asBoolean()));
        JsonNode events = c.rollout(s.model(), id).get("events");
        assertEquals(List.of("started", "wave_activated", "paused", "resumed", "wave_activated", "aborted", "rolled_back"),
                StreamSupport.stream(events.spliterator(), false).map(e -> e.get("event").asText()).toList());
    }

    @Test
    void aSecondOverlappingRollout_isRefusedWithRolloutConflict() {
        Setup s = setup("conflict", 2);
        String id = start(s, "[{\"percent\":100}]", "");
        var second = c.send("POST", "/lading/v1/rollouts", "{\"model\":\"" + s.model() + "\",\"target\":\"v1\",\"selector\":{\"region\":\"eu\"}}",
                c.opsToken(s.model()));
        assertEquals(409, second.statusCode());
        JsonNode err = SecuredRegistry.read(second.body()).get("errors").get(0);
        assertEquals("ROLLOUT_CONFLICT", err.get("code").asText());
        assertEquals(id, err.get("detail").get("rollout").asText());
        var move = c.send("PUT", "/lading/v1/channels/" + s.model() + "/prod", "{\"version\":\"v2\"}", c.opsToken(s.model()));
        assertEquals(409, move.statusCode(), "the channel is the rollout's to move");

        c.act(s.model(), id, "abort");
        assertEquals("prefetching", c.startRollout(s.model(), "{\"model\":\"" + s.model() + "\",\"target\":\"v1\"}").get("state").asText());
    }

    @Test
    void aTagTarget_isResolvedOnceAtStart() {
        Setup s = setup("tag", 2);
        String id = start(s, "[{\"percent\":100}]", "");
        Digest v3 = c.pushVersion(s.model(), "v2");
        assertNotEquals(v3, s.v2());
        assertEquals(s.v2().toString(), c.rollout(s.model(), id).get("target").asText());
        assertEquals(s.v2().toString(), s.hosts().get(0).desiredModel().get("prefetch").get(0).asText());
    }

    @Test
    void badRequests_areRefusedWithAClearError() {
        Setup s = setup("bad", 1);
        String token = c.opsToken(s.model());
        String base = "{\"model\":\"" + s.model() + "\",\"target\":\"v2\"";
        assertEquals("INVALID", code(c.send("POST", "/lading/v1/rollouts", base + ",\"waves\":[{\"count\":1,\"percent\":5}]}", token)));
        assertEquals("INVALID", code(c.send("POST", "/lading/v1/rollouts", base + ",\"onFailure\":\"explode\"}", token)));
        assertEquals("INVALID", code(c.send("POST", "/lading/v1/rollouts", base + ",\"selector\":{\"region\":\"mars\"}}", token)));
        assertEquals("MANIFEST_UNKNOWN", code(c.send("POST", "/lading/v1/rollouts",
                "{\"model\":\"" + s.model() + "\",\"target\":\"nope\"}", token)));
        assertEquals("INVALID", code(c.send("POST", "/lading/v1/rollouts", "[1,2]", token)));
        assertEquals("INVALID", code(c.send("PUT", "/lading/v1/hosts/Bad_Host", "{}", c.hostToken(s.model()))));
        assertEquals("HOST_UNKNOWN", code(c.send("GET", "/lading/v1/hosts/never-seen/desired?wait=0", null, c.hostToken(s.model()))));
        assertEquals("ROLLOUT_UNKNOWN", code(c.send("GET", "/lading/v1/rollouts/r-999999", null, token)));
    }

    @Test
    void theFleetView_countsHostsByModelAndVersion() {
        Setup s = setup("view", 3);
        Digest v0 = c.pushVersion(s.model(), "v0");
        s.hosts().get(0).active = v0.toString();
        s.hosts().get(0).beat();
        JsonNode view = c.expect(200, "GET", "/lading/v1/hosts?model=" + s.model(), null, c.hostToken(s.model()));
        assertEquals(3, view.get("hosts").size());
        assertEquals(2, view.get("byVersion").get(s.model()).get(s.v1().toString()).asInt());
        assertEquals(1, view.get("byVersion").get(s.model()).get(v0.toString()).asInt());
        JsonNode eu = c.expect(200, "GET", "/lading/v1/hosts?model=" + s.model() + "&label.region=eu&version=" + s.v1(), null,
                c.hostToken(s.model()));
        assertEquals(List.of("view-2"), StreamSupport.stream(eu.get("hosts").spliterator(), false).map(h -> h.get("hostId").asText()).toList());
    }

    private static String code(java.net.http.HttpResponse<byte[]> r) {
        return SecuredRegistry.read(r.body()).get("errors").get(0).get("code").asText();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
