package io.lading.registry.control;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.spec.digest.Digest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Held long polls cost no database connection: with a pool of 2 connections and hundreds of polls held,
 * heartbeats and a channel move still go through at once, and the move answers every held poll.
 */
class LongPollCostIT {
    private static final int HOSTS = 300;

    @Test
    void hundredsOfHeldPolls_leaveTheDatabasePoolFree() throws Exception {
        try (SecuredRegistry registry = new SecuredRegistry("--database-pool-size", "2", "--rollout-tick", "100ms");
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ControlClient c = new ControlClient(registry);
            String model = "models/cost";
            Digest v1 = c.pushVersion(model, "v1");
            String token = c.hostToken(model);
            List<SimHost> hosts = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                SimHost h = new SimHost(c, "cost-" + i, Map.of(), model, "prod", null);
                h.beat();
                hosts.add(h);
            }
            List<Future<JsonNode>> polls = new ArrayList<>();
            for (SimHost h : hosts) {
                polls.add(pool.submit(() -> c.expect(200, "GET", "/lading/v1/hosts/" + h.id + "/desired?wait=30&since=" + h.generation, null, token)));
            }
            Thread.sleep(1500);
            assertTrue(polls.stream().noneMatch(Future::isDone), "every poll is held");

            long t0 = System.nanoTime();
            hosts.get(0).beat();
            c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"v1\"}", c.opsToken(model));
            long writesMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(writesMs < 5000, "a heartbeat and a channel move took " + writesMs + " ms with " + HOSTS + " polls held");
            for (Future<JsonNode> p : polls) {
                assertEquals(v1.toString(), p.get(10, TimeUnit.SECONDS).get("models").get(0).get("active").asText());
            }
        }
    }
}
