package io.lading.registry.control;

import static io.lading.registry.control.ControlClient.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.Http;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.spec.digest.Digest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The desired-state long poll answers at once on a change and holds otherwise; silent hosts become lost. */
class DesiredLongPollIT {
    private static SecuredRegistry registry;
    private static ControlClient c;

    @BeforeAll
    static void start() {
        registry = new SecuredRegistry("--rollout-tick", "100ms", "--host-lost-after", "2s");
        c = new ControlClient(registry);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static String model() {
        return "models/" + Http.randomRepository().substring(5);
    }

    @Test
    void aHeldPoll_answersWithinMillisecondsOfAChannelMove() throws Exception {
        String model = model();
        Digest v1 = c.pushVersion(model, "v1");
        SimHost h = new SimHost(c, "poll-a", Map.of(), model, "prod", null);
        h.beat();
        String token = c.hostToken(model);
        JsonNode first = c.expect(200, "GET", "/lading/v1/hosts/poll-a/desired?wait=0", null, token);
        String gen = first.get("generation").asText();
        assertEquals(gen, h.generation, "the heartbeat's answer carries the same generation");
        assertTrue(first.get("models").get(0).get("active").isNull(), "no channel yet: no opinion");

        var poll = CompletableFuture.supplyAsync(() -> {
            JsonNode d = c.expect(200, "GET", "/lading/v1/hosts/poll-a/desired?wait=20&since=" + gen, null, token);
            return new Object[] {d, System.nanoTime()};
        });
        Thread.sleep(700);
        assertFalse(poll.isDone(), "nothing changed: the poll is held");
        String ops = c.opsToken(model);
        long before = System.nanoTime();
        c.expect(200, "PUT", "/lading/v1/channels/" + model + "/prod", "{\"version\":\"" + v1 + "\"}", ops);
        long after = System.nanoTime();
        Object[] answer = poll.get(5, TimeUnit.SECONDS);
        JsonNode d = (JsonNode) answer[0];
        long answeredMs = Duration.ofNanos((long) answer[1] - before).toMillis();
        long moveMs = Duration.ofNanos(after - before).toMillis();
        assertTrue(answeredMs <= moveMs + 100, "answered " + answeredMs + " ms after the move started (move took " + moveMs + " ms)");
        assertEquals(v1.toString(), d.get("models").get(0).get("active").asText());
        assertNotEquals(gen, d.get("generation").asText());
    }

    @Test
    void withoutAChange_aPollHoldsForItsWait_andAnswersTheSameBody() {
        String model = model();
        SimHost h = new SimHost(c, "poll-b", Map.of(), model, "prod", null);
        h.beat();
        String token = c.hostToken(model);
        long t0 = System.nanoTime();
        JsonNode d = c.expect(200, "GET", "/lading/v1/hosts/poll-b/desired?wait=1&since=" + h.generation, null, token);
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(ms >= 950 && ms < 3000, "held " + ms + " ms for wait=1");
        assertEquals(h.generation, d.get("generation").asText());
        // And a stale generation answers at once.
        long t1 = System.nanoTime();
        c.expect(200, "GET", "/lading/v1/hosts/poll-b/desired?wait=30&since=stale", null, token);
        assertTrue(Duration.ofNanos(System.nanoTime() - t1).toMillis() < 1000);
    }

    @Test
    void aPollOfTheLongestWait_isHeldWholeAndNotCutByTheServersIdleTimeout() {
        // Jetty's default idle timeout is 30 s; the registry raises it above the longest wait (LongPolls).
        String model = model();
        SimHost h = new SimHost(c, "poll-long", Map.of(), model, "prod", null);
        h.beat();
        long t0 = System.nanoTime();
        JsonNode d = c.expect(200, "GET", "/lading/v1/hosts/poll-long/desired?wait=60&since=" + h.generation, null, c.hostToken(model));
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertTrue(ms >= 59_500, "held " + ms + " ms for wait=60");
        assertEquals(h.generation, d.get("generation").asText());
    }

    @Test
    void aPollLeavesOutModelsTheTokenCannotPull() {
        String model = model();
        SimHost h = new SimHost(c, "poll-c", Map.of(), model, "prod", null);
        h.beat();
        String other = c.hostToken(model());
        JsonNode d = c.expect(200, "GET", "/lading/v1/hosts/poll-c/desired?wait=0", null, other);
        assertEquals(0, d.get("models").size());
        var refused = c.send("PUT", "/lading/v1/hosts/poll-c", "{\"models\":[{\"model\":\"" + model + "\"}]}", other);
        assertEquals(401, refused.statusCode(), "a heartbeat needs pull on every model it reports");
    }

    @Test
    void aSilentHost_isMarkedLost_notDeleted_andComesBackWhenHeard() {
        String model = model();
        SimHost h = new SimHost(c, "silent-1", Map.of("rack", "r9"), model, "prod", null);
        h.beat();
        String token = c.hostToken(model);
        assertFalse(c.expect(200, "GET", "/lading/v1/hosts/silent-1", null, token).get("lost").asBoolean());
        await("the host to be lost", Duration.ofSeconds(6),
                () -> c.expect(200, "GET", "/lading/v1/hosts/silent-1", null, token).get("lost").asBoolean());
        JsonNode stale = c.expect(200, "GET", "/lading/v1/hosts?model=" + model + "&state=lost", null, token);
        assertEquals("silent-1", stale.get("stale").get(0).asText());
        assertEquals(1, stale.get("hosts").size(), "a lost host is still listed");
        String metrics = new String(registry.http.get("/metrics").body());
        assertTrue(metrics.contains("lading_fleet_hosts{state=\"lost\"}"), metrics);
        h.beat();
        assertFalse(c.expect(200, "GET", "/lading/v1/hosts/silent-1", null, token).get("lost").asBoolean());
        String audit = new String(registry.admin("GET", "/lading/v1/admin/audit?limit=1000", null).body());
        assertTrue(audit.contains("\"action\":\"host.lost\",\"target\":\"host silent-1\""), audit);
        assertTrue(audit.contains("\"action\":\"host.returned\",\"target\":\"host silent-1\""), audit);
        assertTrue(audit.contains("\"action\":\"host.register\",\"target\":\"host silent-1\""), audit);
    }
}
