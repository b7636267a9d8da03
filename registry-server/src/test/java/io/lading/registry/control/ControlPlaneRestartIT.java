package io.lading.registry.control;

import static io.lading.registry.control.ControlClient.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A registry restarted mid-rollout (same data directory and database) carries on where it was. */
class ControlPlaneRestartIT {

    @Test
    void aRolloutInterruptedByARestart_continuesWithTheSameWavesAndCompletes() {
        Path dir = SecuredRegistry.tempDir();
        String schema = TestRegistries.freshSchema();
        String[] flags = {"--rollout-tick", "100ms"};
        String model = "models/restart";
        List<SimHost> hosts = new ArrayList<>();
        String id;
        Digest v2;
        List<String> wave1;
        ControlClient c;
        try (SecuredRegistry first = new SecuredRegistry(dir, schema, flags)) {
            c = new ControlClient(first);
            Digest v1 = c.pushVersion(model, "v1");
            v2 = c.pushVersion(model, "v2");
            c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"v1\"}", c.opsToken(model));
            for (int i = 0; i < 4; i++) {
                SimHost h = new SimHost(c, "rs-" + i, Map.of("pool", "serving"), model, "prod", v1.toString());
                h.beat();
                hosts.add(h);
            }
            id = c.startRollout(model, "{\"model\":\"" + model + "\",\"target\":\"v2\",\"waves\":[{\"count\":2,\"bakeSeconds\":2},{\"percent\":100}]}")
                    .get("id").asText();
            Hosts.followAll(hosts);
            await("wave 1", Duration.ofSeconds(10), () -> c.rollout(model, id).get("currentWave").asInt() == 1);
            wave1 = Hosts.desiring(hosts, v2.toString());
            assertEquals(2, wave1.size());
        }
        try (SecuredRegistry second = new SecuredRegistry(dir, schema, flags)) {
            ControlClient c2 = c.on(second);
            hosts.forEach(h -> h.reattach(c2));
            JsonNode st = c2.rollout(model, id);
            assertEquals("running", st.get("state").asText());
            assertEquals(1, st.get("currentWave").asInt());
            assertEquals(wave1, Hosts.desiring(hosts, v2.toString()), "the same hosts, from the stored plan");
            Hosts.followAll(hosts);
            await("wave 2 after the restart", Duration.ofSeconds(10), () -> c2.rollout(model, id).get("currentWave").asInt() == 2);
            Hosts.followAll(hosts);
            await("completion after the restart", Duration.ofSeconds(10), () -> c2.state(model, id).equals("completed"));
            JsonNode prod = c2.expect(200, "GET", "/lading/v1/channels/" + model + "/prod", null, c2.hostToken(model));
            assertEquals(v2.toString(), prod.get("version").asText());
            assertEquals(4, c2.expect(200, "GET", "/lading/v1/hosts?model=" + model, null, c2.hostToken(model)).get("hosts").size(),
                    "hosts were reloaded, not re-registered from scratch");
        }
    }
}
