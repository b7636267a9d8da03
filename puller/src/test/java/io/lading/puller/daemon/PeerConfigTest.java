package io.lading.puller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.spec.peer.PeerLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon config's {@code peer} section (issue 6), as the example file documents it. */
class PeerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static PeerConfig peer(String json) throws Exception {
        return JSON.readValue(json, PeerConfig.class);
    }

    @Test
    void givenTheExampleConfig_whenRead_thenItsPeerSectionIsValidAndComplete() throws Exception {
        DaemonConfig example = JSON.readValue(Path.of("lading-daemon.example.json").toFile(), DaemonConfig.class);

        PeerConfig p = example.peers().orElseThrow();
        p.check();
        assertEquals("gpu-0412", example.peerId().value(), "the peer id defaults to the host id");
        assertEquals("http://10.0.4.12:7071", p.advertiseUrl(7071));
        assertEquals(500L << 20, p.uploadBytesPerSecond());
        assertEquals(16, p.maxConnectionsOrDefault());
        SwarmPolicy policy = p.policy();
        assertEquals(1, policy.registrySeeders());
        assertEquals(Duration.ofSeconds(20), policy.registryFallback());
        assertEquals(Duration.ofSeconds(10), policy.stall());
        assertEquals(new PeerLabels("eu-west", "eu-west-1a", "r12"), PeerConfig.labels(example.labels()));
    }

    @Test
    void givenNoPeerSectionOrEnabledFalse_whenRead_thenPeersAreOff() throws Exception {
        DaemonConfig none = new DaemonConfig("http://r", null, null, null, null, null, null, null, null, Map.of(),
                java.util.List.of(), null);
        assertTrue(none.peers().isEmpty());
        DaemonConfig off = new DaemonConfig("http://r", null, null, null, null, null, null, null, null, Map.of(),
                java.util.List.of(), null, peer("{\"enabled\":false}"));
        assertTrue(off.peers().isEmpty());
    }

    @Test
    void givenASpecificListenAddress_whenNoAdvertise_thenTheUrlIsBuiltFromIt() throws Exception {
        assertEquals("http://127.0.0.2:40000", peer("{\"id\":\"h\",\"listen\":\"127.0.0.2:0\"}").advertiseUrl(40000));
    }

    @Test
    void givenBadValues_whenChecked_thenOneClearError() throws Exception {
        IllegalArgumentException wildcard = assertThrows(IllegalArgumentException.class,
                () -> peer("{\"id\":\"h\",\"listen\":\"0.0.0.0:7071\"}").check());
        assertTrue(wildcard.getMessage().contains("peer.advertise is required"), wildcard.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> peer("{\"id\":\"GPU 1\",\"advertise\":\"http://h:1\"}").check());
        assertTrue(id.getMessage().startsWith("peer.id"), id.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> peer("{\"id\":\"h\",\"advertise\":\"h:1\"}").check(), "advertise must be a URL");
        assertThrows(IllegalArgumentException.class,
                () -> peer("{\"id\":\"h\",\"advertise\":\"http://h:1\",\"registrySeeders\":0}").check());
        assertThrows(IllegalArgumentException.class,
                () -> peer("{\"id\":\"h\",\"advertise\":\"http://h:1\",\"uploadLimit\":\"fast\"}").check());
    }
}
