package io.lading.puller.loadgen;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedHostTest {
    private final SimulatedHost host = new SimulatedHost(7, Map.of("models/a", List.of("sha256:0", "sha256:1")));

    private JsonNode heartbeat() throws Exception {
        return ControlPlaneClient.JSON.readTree(host.heartbeatBody());
    }

    @Test
    void givenANewHost_whenItHeartbeats_thenTheBodyHasTheContractsFields() throws Exception {
        JsonNode hb = heartbeat();
        assertEquals(5, hb.path("labels").size());
        JsonNode m = hb.path("models").get(0);
        assertEquals("models/a", m.path("model").asText());
        assertEquals("prod", m.path("channel").asText());
        assertEquals("sha256:1", m.path("active").asText());
        assertEquals("sha256:0", m.path("previous").asText());
        assertEquals(2, m.path("cached").size());
        assertTrue(m.path("lastActivation").path("ok").asBoolean());
        assertTrue(m.path("health").path("ok").asBoolean());
        assertTrue(host.hostId.matches("[a-z0-9][a-z0-9._-]{0,62}"), host.hostId);
    }

    @Test
    void givenAPrefetchThenAnActivation_whenFollowed_thenTheHostCachesThenActivatesAndReportsIt() throws Exception {
        var d = ControlPlaneClient.JSON.createObjectNode().put("generation", "1");
        d.putArray("models").addObject().put("model", "models/a").putNull("active").putNull("rollout").putArray("prefetch");
        assertNull(host.follow(d), "the first answer is no change");

        var d2 = ControlPlaneClient.JSON.createObjectNode().put("generation", "2");
        d2.putArray("models").addObject().put("model", "models/a").putNull("active").put("rollout", "r-1").putArray("prefetch").add("sha256:9");
        assertEquals(DesiredChange.ROLLOUT_START, host.follow(d2));
        assertTrue(heartbeat().path("models").get(0).path("cached").toString().contains("sha256:9"));
        assertEquals("sha256:1", host.active("models/a"), "a null active keeps what is active");

        var d3 = ControlPlaneClient.JSON.createObjectNode().put("generation", "3");
        d3.putArray("models").addObject().put("model", "models/a").put("active", "sha256:9").put("rollout", "r-1").putArray("prefetch").add("sha256:9");
        assertEquals(DesiredChange.WAVE, host.follow(d3));
        JsonNode m = heartbeat().path("models").get(0);
        assertEquals("sha256:9", m.path("active").asText());
        assertEquals("sha256:1", m.path("previous").asText());
        assertEquals("sha256:9", m.path("lastActivation").path("version").asText());
        assertNull(host.follow(d3), "the same generation again is no change");
    }
}
