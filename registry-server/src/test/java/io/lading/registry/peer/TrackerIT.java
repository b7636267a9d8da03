package io.lading.registry.peer;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.Http;
import io.lading.registry.testing.PeerClient;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.digest.Digest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The peer tracker against a real registry with access control on (spec/peers.md): announce, query, ranking,
 * bitset merges, leave, and the errors. Expiry, restarts and shared databases are in {@link TrackerStateIT}.
 */
class TrackerIT {
    static final int CHUNK = 1024 * 1024;
    static final String REPO = "models/llama";
    private static SecuredRegistry r;
    private static PeerClient fleet;
    /** Ten chunks of 1 MiB. */
    private static Digest blob;

    @BeforeAll
    static void start() {
        r = new SecuredRegistry("--chunk-size", Integer.toString(CHUNK));
        blob = r.pushBlob(REPO, Http.randomBytes(10 * CHUNK));
        fleet = fleet(r, REPO);
    }

    @AfterAll
    static void stop() {
        r.close();
    }

    /** A client with the token of a new robot (pull on models/**) for {@code repository}, as a fleet's hosts have. */
    static PeerClient fleet(SecuredRegistry reg, String repository) {
        String name = "fleet-" + Long.toHexString(System.nanoTime());
        String secret = reg.robot(name, "models/**", "pull");
        return new PeerClient(reg.http, reg.tokens.token(name, secret, "repository:" + repository + ":pull"));
    }

    static List<String> ids(JsonNode answer) {
        return StreamSupport.stream(answer.get("peers").spliterator(), false).map(p -> p.get("id").asText()).toList();
    }

    static JsonNode peer(JsonNode answer, String id) {
        return StreamSupport.stream(answer.get("peers").spliterator(), false).filter(p -> p.get("id").asText().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError(id + " not listed in " + answer));
    }

    static String chunks(int... held) {
        return "\"chunks\":\"" + ChunkBitset.of(10, held).toBase64() + "\"";
    }

    private static void joined(String id, String labels) {
        var j = fleet.join(id, "http://10.0.0.1:7071", labels);
        assertEquals(200, j.statusCode(), new String(j.body()));
    }

    private static void announced(String id, String entry) {
        var a = fleet.announce(id, REPO, blob.toString(), entry);
        assertEquals(200, a.statusCode(), new String(a.body()));
    }

    @Test
    void aJoinedPeerAnnouncesChunksAndOthersFindIt() {
        var join = fleet.join("a-gpu-1", "http://10.0.0.2:7071", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        assertEquals(200, join.statusCode(), new String(join.body()));
        var lease = SecuredRegistry.read(join.body());
        assertEquals(15, lease.get("expiresAfterSeconds").asInt());
        assertEquals(5, lease.get("heartbeatSeconds").asInt());
        assertTrue(lease.get("fresh").asBoolean());
        announced("a-gpu-1", "\"size\":" + 10 * CHUNK + "," + chunks(0, 9));
        assertFalse(SecuredRegistry.read(fleet.join("a-gpu-1", "http://10.0.0.2:7071", null).body()).get("fresh").asBoolean(),
                "it holds a blob now");

        JsonNode answer = fleet.holders(blob.toString(), REPO, null);
        assertEquals(blob.toString(), answer.get("digest").asText());
        assertEquals(10, answer.get("chunkCount").asInt());
        JsonNode p = peer(answer, "a-gpu-1");
        assertEquals("http://10.0.0.2:7071", p.get("url").asText());
        assertEquals("AQI=", p.get("chunks").asText(), "chunks 0 and 9");
        assertFalse(p.get("complete").asBoolean());
        assertEquals("other", p.get("distance").asText(), "no asker, no distance");
        assertTrue(p.get("labels").isEmpty(), "the latest join gave no labels");
        String metrics = new String(r.http.get("/metrics").body());
        assertTrue(metrics.contains("lading_tracker_announces_total"), metrics);
        assertTrue(metrics.contains("lading_tracker_queries_total"), metrics);
    }

    @Test
    void peersAreRankedByDistanceThenCompletenessThenChunksHeldAndTheAskerIsLeftOut() {
        joined("b-me", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-me", chunks(0));
        joined("b-other", "{\"region\":\"r2\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-other", "\"complete\":true");
        joined("b-region", "{\"region\":\"r1\",\"zone\":\"z2\"}");
        announced("b-region", "\"complete\":true");
        joined("b-zone", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k2\"}");
        announced("b-zone", chunks(1));
        joined("b-rack-few", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-rack-few", chunks(1, 2));
        joined("b-rack-many", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-rack-many", chunks(1, 2, 3, 4, 5));
        joined("b-rack-full", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-rack-full", "\"complete\":true");
        joined("b-rack-wants", "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}");
        announced("b-rack-wants", "");

        JsonNode answer = fleet.holders(blob.toString(), REPO, "b-me");
        List<String> mine = ids(answer).stream().filter(id -> id.startsWith("b-")).toList();
        assertEquals(List.of("b-rack-full", "b-rack-many", "b-rack-few", "b-rack-wants", "b-zone", "b-region", "b-other"), mine);
        assertEquals("rack", peer(answer, "b-rack-full").get("distance").asText());
        assertEquals("zone", peer(answer, "b-zone").get("distance").asText());
        assertEquals("region", peer(answer, "b-region").get("distance").asText());
        assertEquals("other", peer(answer, "b-other").get("distance").asText());
        assertEquals("/wM=", peer(answer, "b-rack-full").get("chunks").asText(), "a complete peer holds every chunk");
        assertEquals("AAA=", peer(answer, "b-rack-wants").get("chunks").asText(), "a downloader with nothing yet");
        assertTrue(ids(fleet.holders(blob.toString(), REPO, "b-zone")).contains("b-me"), "left out only when it asks");
    }

    @Test
    void chunkBitsetsMergeUnlessReplacedAndCompleteStaysComplete() {
        joined("c-1", null);
        announced("c-1", chunks(0));
        announced("c-1", chunks(3));
        assertEquals(ChunkBitset.of(10, 0, 3).toBase64(), peer(fleet.holders(blob.toString(), REPO, null), "c-1").get("chunks").asText(),
                "a batch with only new chunks adds to what the tracker has");
        announced("c-1", chunks(5) + ",\"replace\":true");
        assertEquals(ChunkBitset.of(10, 5).toBase64(), peer(fleet.holders(blob.toString(), REPO, null), "c-1").get("chunks").asText());
        announced("c-1", "\"complete\":true");
        announced("c-1", chunks(1));
        JsonNode p = peer(fleet.holders(blob.toString(), REPO, null), "c-1");
        assertTrue(p.get("complete").asBoolean(), "a late partial announce does not undo complete");
        assertEquals("/wM=", p.get("chunks").asText());
        announced("c-1", chunks(2) + ",\"replace\":true");
        p = peer(fleet.holders(blob.toString(), REPO, null), "c-1");
        assertFalse(p.get("complete").asBoolean());
        assertEquals(ChunkBitset.of(10, 2).toBase64(), p.get("chunks").asText());
    }

    @Test
    void aRemovalWithdrawsTheBlobAndNeedsNoRepository() {
        joined("d-1", null);
        announced("d-1", chunks(4));
        var removed = fleet.announce("d-1", "{\"blobs\":[{\"digest\":\"" + blob + "\",\"remove\":true}]}");
        assertEquals(200, removed.statusCode(), new String(removed.body()));
        assertFalse(ids(fleet.holders(blob.toString(), REPO, null)).contains("d-1"));
    }

    @Test
    void aPeerThatLeavesIsGoneAndCannotAnnounceUntilItJoinsAgain() {
        joined("e-1", null);
        announced("e-1", "\"complete\":true");
        assertEquals(204, fleet.leave("e-1").statusCode());
        assertFalse(ids(fleet.holders(blob.toString(), REPO, null)).contains("e-1"));
        var late = fleet.announce("e-1", REPO, blob.toString(), chunks(1));
        assertEquals(404, late.statusCode());
        assertTrue(new String(late.body()).contains("PUT /lading/v1/peers/e-1 first"), new String(late.body()));
        assertEquals(204, fleet.leave("e-1").statusCode(), "leaving twice is fine");
        assertTrue(SecuredRegistry.read(fleet.join("e-1", "http://10.0.0.1:7071", null).body()).get("fresh").asBoolean());
    }

    @Test
    void aRepositoryThatDoesNotHoldTheBlobGetsBlobUnknownAndNoPeers() {
        joined("f-1", null);
        announced("f-1", "\"complete\":true");
        r.pushBlob("models/other", "other weights".getBytes());
        PeerClient other = fleet(r, "models/other");
        var query = other.query(blob.toString(), "models/other", null);
        assertEquals(404, query.statusCode());
        String body = new String(query.body());
        assertTrue(body.contains("BLOB_UNKNOWN"), body);
        assertFalse(body.contains("f-1") || body.contains("10.0.0.1"), "no peer is named: " + body);
        assertEquals(200, other.join("f-2", "http://10.0.0.2:7071", null).statusCode());
        var announce = other.announce("f-2", "models/other", blob.toString(), chunks(1));
        assertEquals(404, announce.statusCode());
        assertTrue(new String(announce.body()).contains("BLOB_UNKNOWN"));
        assertEquals("/wM=", peer(fleet.holders(blob.toString(), REPO, null), "f-1").get("chunks").asText(), "nothing changed");
    }

    @Test
    void withoutATokenTheTrackerChallenges() {
        PeerClient anonymous = new PeerClient(r.http, null);
        var join = anonymous.join("g-1", "http://10.0.0.1:7071", null);
        assertEquals(401, join.statusCode());
        assertTrue(join.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer realm=\""));
        var query = anonymous.query(blob.toString(), REPO, null);
        assertEquals(401, query.statusCode());
        assertTrue(query.headers().firstValue("WWW-Authenticate").orElseThrow().contains("scope=\"repository:models/llama:pull\""),
                query.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void aTokenForAnotherRepositoryIsRefused() {
        joined("h-1", null);
        String secret = r.robot("elsewhere", "elsewhere/**", "pull");
        PeerClient elsewhere = new PeerClient(r.http, r.tokens.token("elsewhere", secret, "repository:elsewhere/x:pull"));
        var query = elsewhere.query(blob.toString(), REPO, null);
        assertEquals(401, query.statusCode());
        assertTrue(query.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));
        var join = elsewhere.join("h-2", "http://10.0.0.9:7071", null);
        assertEquals(200, join.statusCode(), "joining needs only a valid token");
        var announce = elsewhere.announce("h-2", REPO, blob.toString(), chunks(1));
        assertEquals(403, announce.statusCode());
        assertTrue(new String(announce.body()).contains("DENIED"));
        var takeover = elsewhere.join("h-1", "http://10.6.6.6:7071", null);
        assertEquals(403, takeover.statusCode(), "a live peer id belongs to the account that joined it");
        assertEquals(403, elsewhere.leave("h-1").statusCode());
    }

    @Test
    void twoAccountsJoiningOneNewPeerIdAtOnceCannotBothHaveIt() throws Exception {
        PeerClient first = fleet(r, REPO);
        PeerClient second = fleet(r, REPO);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 20; i++) {
                String id = "j-race-" + i;
                var start = new java.util.concurrent.CountDownLatch(1);
                var a = pool.submit(() -> { start.await(); return first.join(id, "http://10.0.0.1:7071", null).statusCode(); });
                var b = pool.submit(() -> { start.await(); return second.join(id, "http://10.0.0.2:7071", null).statusCode(); });
                start.countDown();
                assertEquals(List.of(200, 403), java.util.stream.Stream.of(a.get(), b.get()).sorted().toList(), "round " + i);
            }
        }
    }

    @Test
    void badPeerIdsDigestsBitsetsAndBodiesAreRefusedWithAClearMessage() {
        joined("i-1", null);
        assertBadRequest(fleet.join("GPU_1", "http://10.0.0.1:7071", null), "peer id 'GPU_1' is not valid");
        assertBadRequest(fleet.join("blobs", "http://10.0.0.1:7071", null), "reserved");
        assertBadRequest(fleet.join("i-2", "10.0.0.1:7071", null), "must be http:// or https://");
        assertBadRequest(fleet.join("i-2", "http://10.0.0.1:7071", "{\"row\":\"3\"}"), "unknown peer label 'row'");
        assertBadRequest(fleet.query("sha256:nothex", REPO, null), "DIGEST_INVALID");
        assertBadRequest(fleet.query(blob.toString(), REPO, "Not-A-Peer"), "peer id 'Not-A-Peer' is not valid");
        assertBadRequest(fleet.announce("i-1", REPO, "sha256:abc", chunks(1)), "DIGEST_INVALID");
        assertBadRequest(fleet.announce("i-1", REPO, blob.toString(), "\"chunks\":\"/wc=\""), "beyond chunk 10");
        assertBadRequest(fleet.announce("i-1", REPO, blob.toString(), "\"chunks\":\"AAAA\""), "at most 2");
        assertBadRequest(fleet.announce("i-1", REPO, blob.toString(), "\"chunks\":\"AQ\""), "base64");
        assertBadRequest(fleet.announce("i-1", REPO, blob.toString(), "\"size\":5"), "SIZE_INVALID");
        assertBadRequest(fleet.announce("i-1", "{\"blobs\":[{\"digest\":\"" + blob + "\"}]}"), "repository is required");
        assertBadRequest(fleet.announce("i-1", "{\"repository\":\"" + REPO + "\",\"blobz\":[]}"), "blobz");
        assertBadRequest(fleet.announce("i-1", "not json"), "not the JSON expected here");
        assertFalse(ids(fleet.holders(blob.toString(), REPO, null)).contains("i-1"), "no refused announce changed anything");
    }

    private static void assertBadRequest(java.net.http.HttpResponse<byte[]> response, String expected) {
        String body = new String(response.body());
        assertEquals(400, response.statusCode(), body);
        assertTrue(body.contains(expected), "expected '" + expected + "' in " + body);
    }
}
