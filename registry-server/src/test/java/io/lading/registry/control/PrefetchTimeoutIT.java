package io.lading.registry.control;

import static io.lading.registry.control.ControlClient.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wave 1 does not wait forever for a host that cannot fetch: after the prefetch timeout that host fails. */
class PrefetchTimeoutIT {

    @Test
    void afterThePrefetchTimeout_theHostsThatDidNotCacheFail_andWave1Starts() {
        try (SecuredRegistry registry = new SecuredRegistry("--rollout-tick", "100ms", "--rollout-prefetch-timeout", "2s")) {
            ControlClient c = new ControlClient(registry);
            String model = "models/slow";
            var v1 = c.pushVersion(model, "v1");
            c.pushVersion(model, "v2");
            SimHost fast = new SimHost(c, "fast", Map.of(), model, "prod", v1.toString());
            SimHost stuck = new SimHost(c, "stuck", Map.of(), model, "prod", v1.toString());
            stuck.fetches = false;
            List<SimHost> hosts = List.of(fast, stuck);
            Hosts.beatAll(hosts);
            long t0 = System.nanoTime();
            String id = c.startRollout(model, "{\"model\":\"" + model + "\",\"target\":\"v2\",\"waves\":[{\"percent\":100,\"maxFailures\":1}]}")
                    .get("id").asText();
            Hosts.followAll(hosts);
            await("wave 1 after the prefetch timeout", Duration.ofSeconds(10), () -> c.rollout(model, id).get("currentWave").asInt() == 1);
            long waited = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(waited >= 1900, "wave 1 started after " + waited + " ms; the timeout is 2000 ms");
            JsonNode st = c.rollout(model, id);
            assertEquals("running", st.get("state").asText(), "one failure is within the budget of 1");
            assertEquals("stuck", st.get("failedHosts").get(0).get("hostId").asText());
            assertTrue(st.get("failedHosts").get(0).get("reason").asText().startsWith("prefetch timed out"));
            Hosts.followAll(hosts);
            await("completion without the stuck host", Duration.ofSeconds(10), () -> c.state(model, id).equals("completed"));
        }
    }
}
