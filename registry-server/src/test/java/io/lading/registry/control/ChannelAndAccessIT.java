package io.lading.registry.control;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.spec.digest.Digest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Channel history answers "what ran then"; steering needs the rollout grant; every action is audited. */
class ChannelAndAccessIT {
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

    @Test
    void channelHistory_withAt_givesTheVersionInForceThen() throws Exception {
        String model = "models/team/history";
        Digest v1 = c.pushVersion(model, "v1");
        Digest v2 = c.pushVersion(model, "v2");
        String ops = c.opsToken(model);
        Instant beforeAll = Instant.now();
        Thread.sleep(20);
        c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"v1\",\"reason\":\"first\"}", ops);
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        JsonNode moved = c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"" + v2 + "\"}", ops);
        assertEquals("ops", moved.get("movedBy").asText());
        String pull = c.hostToken(model);
        JsonNode all = c.expect(200, "GET", "/lading/v1/channels/" + model + "/prod/history", null, pull);
        assertEquals(2, all.get("history").size());
        assertEquals(v2.toString(), all.get("history").get(0).get("version").asText(), "newest first");
        assertEquals("first", all.get("history").get(1).get("reason").asText());
        JsonNode then = c.expect(200, "GET", "/lading/v1/channels/" + model + "/prod/history?at=" + between, null, pull);
        assertEquals(1, then.get("history").size());
        assertEquals(v1.toString(), then.get("history").get(0).get("version").asText());
        JsonNode none = c.expect(200, "GET", "/lading/v1/channels/" + model + "/prod/history?at=" + beforeAll, null, pull);
        assertEquals(0, none.get("history").size());
        assertEquals("CHANNEL_UNKNOWN", c.expect(404, "GET", "/lading/v1/channels/" + model + "/canary", null, pull)
                .get("errors").get(0).get("code").asText());
        assertEquals("INVALID", c.expect(400, "GET", "/lading/v1/channels/" + model + "/prod/history?at=yesterday", null, pull)
                .get("errors").get(0).get("code").asText());
    }

    @Test
    void withoutTheRolloutGrant_startingAndSteeringAreRefused_andAudited() {
        String model = "models/guarded";
        c.pushVersion(model, "v1");
        String secret = registry.robot("viewer", "models/**", "pull");
        String viewer = registry.tokens.token("viewer", secret, "repository:" + model + ":pull,rollout");
        new SimHost(c, "guard-0", Map.of(), model, "prod", null).beat();

        var start = c.send("POST", "/lading/v1/rollouts", "{\"model\":\"" + model + "\",\"target\":\"v1\"}", viewer);
        assertEquals(401, start.statusCode());
        assertTrue(start.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));
        assertTrue(start.headers().firstValue("WWW-Authenticate").orElseThrow().contains("repository:" + model + ":rollout"));
        assertEquals(401, c.send("PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"v1\"}", viewer).statusCode());
        assertEquals(401, c.send("GET", "/lading/v1/rollouts", null, null).statusCode(), "no token at all");

        String id = c.startRollout(model, "{\"model\":\"" + model + "\",\"target\":\"v1\"}").get("id").asText();
        assertEquals(401, c.send("POST", "/lading/v1/rollouts/" + id + "/abort", null, viewer).statusCode());
        assertEquals(200, c.send("GET", "/lading/v1/rollouts/" + id, null, viewer).statusCode(), "pull may watch");
        c.act(model, id, "pause");

        String audit = new String(registry.admin("GET", "/lading/v1/admin/audit?limit=1000", null).body());
        assertTrue(audit.contains("\"actor\":\"viewer\",\"action\":\"request.denied\",\"target\":\"POST /lading/v1/rollouts\""), audit);
        assertTrue(audit.contains("\"actor\":\"ops\",\"action\":\"rollout.started\",\"target\":\"" + id + " " + model), audit);
        assertTrue(audit.contains("\"actor\":\"ops\",\"action\":\"rollout.paused\",\"target\":\"" + id), audit);
        assertTrue(audit.contains("\"action\":\"host.register\",\"target\":\"host guard-0\""), audit);
    }

    @Test
    void rolloutMetrics_showStateWaveAndHosts() {
        String model = "models/metered";
        c.pushVersion(model, "v1");
        new SimHost(c, "meter-0", Map.of(), model, "prod", null).beat();
        String id = c.startRollout(model, "{\"model\":\"" + model + "\",\"target\":\"v1\"}").get("id").asText();
        ControlClient.await("metrics", java.time.Duration.ofSeconds(5), () -> new String(registry.http.get("/metrics").body())
                .contains("lading_rollout_state{model=\"" + model + "\",rollout=\"" + id + "\",state=\"prefetching\"} 1.0"));
        String m = new String(registry.http.get("/metrics").body());
        assertTrue(m.contains("lading_rollout_wave{rollout=\"" + id + "\"} 0.0"), m);
        assertTrue(m.contains("lading_rollout_hosts{rollout=\"" + id + "\",status=\"pending\"} 1.0"), m);
        assertTrue(m.contains("lading_host_heartbeats_total"), m);
        assertTrue(m.contains("lading_desired_polls_total"), m);
    }
}
