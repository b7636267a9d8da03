package io.lading.spec.peer;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Peer ids, labels, distance and URLs as spec/peers.md fixes them. */
class PeerTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"gpu-1", "a", "0", "host.rack-7_b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void acceptsPeerIdsOfTheGrammar(String s) {
        assertEquals(s, PeerId.parse(s).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "GPU", "a/b", "a b", "a%2f", "blobs", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void refusesOtherPeerIds(String s) {
        assertThrows(IllegalArgumentException.class, () -> PeerId.parse(s));
    }

    @Test
    void distanceIsTheNearestSharedLevel() {
        var me = new PeerLabels("r1", "z1", "k1");
        assertEquals(Distance.RACK, me.distanceTo(new PeerLabels("r1", "z1", "k1")));
        assertEquals(Distance.ZONE, me.distanceTo(new PeerLabels("r1", "z1", "k2")));
        assertEquals(Distance.ZONE, me.distanceTo(new PeerLabels("r1", "z1", null)));
        assertEquals(Distance.REGION, me.distanceTo(new PeerLabels("r1", "z2", "k1")), "rack k1 of another zone is another rack");
        assertEquals(Distance.OTHER, me.distanceTo(new PeerLabels("r2", "z1", "k1")));
        assertEquals(Distance.OTHER, PeerLabels.NONE.distanceTo(PeerLabels.NONE));
        assertEquals(Distance.ZONE, new PeerLabels(null, "z1", null).distanceTo(new PeerLabels(null, "z1", null)),
                "a deployment of one region may leave region out");
    }

    @Test
    void labelsAreRegionZoneAndRackOnly() {
        assertEquals(Map.of("zone", "z1"), PeerLabels.fromWire(Map.of("zone", "z1")).toWire());
        var e = assertThrows(IllegalArgumentException.class, () -> PeerLabels.fromWire(Map.of("row", "3")));
        assertTrue(e.getMessage().contains("row"));
        assertThrows(IllegalArgumentException.class, () -> new PeerLabels("r 1", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.2:7071", "ftp://h/", "http://", "http://u:p@h:1", "http://h:1/?q=1", "http://h#f", "file:///x"})
    void refusesPeerUrlsThatAreNotAPeerServersBase(String url) {
        assertThrows(IllegalArgumentException.class, () -> PeerJoin.parseUrl(url));
    }

    @Test
    void acceptsHttpAndHttpsBases() {
        assertEquals(7071, PeerJoin.parseUrl("http://10.0.0.2:7071").getPort());
        assertEquals("gpu-2.lan", PeerJoin.parseUrl("https://gpu-2.lan/").getHost());
    }

    @Test
    void wireRecordsKeepTheContractsFieldNames() throws Exception {
        var json = new ObjectMapper();
        var a = json.readValue("{\"repository\":\"m/x\",\"blobs\":[{\"digest\":\"sha256:ab\",\"chunks\":\"AQ==\"},"
                + "{\"digest\":\"sha256:cd\",\"remove\":true}]}", Announcement.class);
        assertEquals("AQ==", a.blobs().get(0).chunks());
        assertFalse(a.blobs().get(0).isComplete());
        assertTrue(a.blobs().get(1).isRemoval());
        assertEquals("{\"heartbeatSeconds\":5,\"expiresAfterSeconds\":15}",
                json.writeValueAsString(new PeerLease(5, 15, null)));
        assertEquals(Distance.ZONE, Distance.fromWire("zone"));
    }
}
