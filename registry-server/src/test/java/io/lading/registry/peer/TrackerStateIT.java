package io.lading.registry.peer;

import static io.lading.registry.peer.TrackerIT.CHUNK;
import static io.lading.registry.peer.TrackerIT.REPO;
import static io.lading.registry.peer.TrackerIT.chunks;
import static io.lading.registry.peer.TrackerIT.ids;
import static io.lading.registry.peer.TrackerIT.peer;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.PeerClient;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.digest.Digest;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Where the tracker's state lives (spec/peers.md): it expires, survives a restart, and is shared by replicas. */
class TrackerStateIT {
    private static final String[] CHUNKED = {"--chunk-size", Integer.toString(CHUNK)};

    @Test
    void aPeerThatMissesItsHeartbeatsIsNoLongerOfferedAndItsRowsGoLater() throws Exception {
        String schema = TestRegistries.freshSchema();
        try (var r = new SecuredRegistry(SecuredRegistry.tempDir(), schema, "--chunk-size", Integer.toString(CHUNK), "--peer-expiry", "1")) {
            Digest blob = r.pushBlob(REPO, Http.randomBytes(3 * CHUNK));
            PeerClient fleet = TrackerIT.fleet(r, REPO);
            var lease = SecuredRegistry.read(fleet.join("silent", "http://10.0.0.1:7071", null).body());
            assertEquals(1, lease.get("expiresAfterSeconds").asInt());
            assertEquals(1, lease.get("heartbeatSeconds").asInt());
            assertEquals(200, fleet.join("alive", "http://10.0.0.2:7071", null).statusCode());
            assertEquals(200, fleet.announce("silent", REPO, blob.toString(), "\"complete\":true").statusCode());
            assertEquals(200, fleet.announce("alive", REPO, blob.toString(), "\"complete\":true").statusCode());
            assertTrue(ids(fleet.holders(blob.toString(), REPO, null)).contains("silent"));

            // "alive" heartbeats twice a second; "silent" sends nothing more.
            long until = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < until) {
                assertEquals(200, fleet.join("alive", "http://10.0.0.2:7071", null).statusCode());
                Thread.sleep(400);
            }
            assertEquals(java.util.List.of("alive"), ids(fleet.holders(blob.toString(), REPO, null)));
            assertEquals(404, fleet.announce("silent", REPO, blob.toString(), chunks(1)).statusCode(), "expired, so not joined");
            eventually(() -> rows(schema, "silent") == 0, "the janitor deletes an expired peer's rows");
            eventually(() -> new String(r.http.get("/metrics").body()).contains("lading_tracker_peers 0.0"), "the gauge: no live peer left");

            var back = SecuredRegistry.read(fleet.join("silent", "http://10.0.0.1:7071", null).body());
            assertTrue(back.get("fresh").asBoolean(), "it must announce again");
            assertFalse(ids(fleet.holders(blob.toString(), REPO, null)).contains("silent"), "what it held before is forgotten");
        }
    }

    @Test
    void theTrackerSurvivesARestartOnTheSameDatabase() {
        Path dir = SecuredRegistry.tempDir();
        String schema = TestRegistries.freshSchema();
        Digest blob;
        try (var before = new SecuredRegistry(dir, schema, CHUNKED)) {
            blob = before.pushBlob(REPO, Http.randomBytes(10 * CHUNK));
            PeerClient fleet = TrackerIT.fleet(before, REPO);
            assertEquals(200, fleet.join("gpu-1", "http://10.0.0.1:7071", "{\"zone\":\"z1\"}").statusCode());
            assertEquals(200, fleet.announce("gpu-1", REPO, blob.toString(), chunks(2, 7)).statusCode());
        }
        try (var after = new SecuredRegistry(dir, schema, CHUNKED)) {
            var p = peer(TrackerIT.fleet(after, REPO).holders(blob.toString(), REPO, null), "gpu-1");
            assertEquals(ChunkBitset.of(10, 2, 7).toBase64(), p.get("chunks").asText());
            assertEquals("z1", p.get("labels").get("zone").asText());
        }
    }

    @Test
    void twoRegistriesOnOneDatabaseSeeTheSamePeers() {
        String schema = TestRegistries.freshSchema();
        try (var a = new SecuredRegistry(SecuredRegistry.tempDir(), schema, CHUNKED);
             var b = new SecuredRegistry(SecuredRegistry.tempDir(), schema, CHUNKED)) {
            Digest blob = a.pushBlob(REPO, Http.randomBytes(2 * CHUNK));
            PeerClient viaA = TrackerIT.fleet(a, REPO);
            PeerClient viaB = TrackerIT.fleet(b, REPO);
            assertEquals(200, viaA.join("gpu-a", "http://10.0.0.1:7071", null).statusCode());
            assertEquals(200, viaA.announce("gpu-a", REPO, blob.toString(), "\"complete\":true").statusCode());
            assertEquals(200, viaB.join("gpu-b", "http://10.0.0.2:7071", null).statusCode());
            assertEquals(200, viaB.announce("gpu-b", REPO, blob.toString(), "").statusCode());
            assertEquals(java.util.List.of("gpu-a", "gpu-b"), ids(viaB.holders(blob.toString(), REPO, null)));
            assertEquals(java.util.List.of("gpu-a", "gpu-b"), ids(viaA.holders(blob.toString(), REPO, null)));
            assertEquals(204, viaB.leave("gpu-b").statusCode());
            assertEquals(java.util.List.of("gpu-a"), ids(viaA.holders(blob.toString(), REPO, null)));
        }
    }

    private static int rows(String schema, String peerId) {
        try (var c = DriverManager.getConnection(TestRegistries.databaseUrl(), "postgres", "");
             var s = c.prepareStatement("select count(*) from " + schema + ".peer where id = ?")) {
            s.setString(1, peerId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 6_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("not within 6 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
