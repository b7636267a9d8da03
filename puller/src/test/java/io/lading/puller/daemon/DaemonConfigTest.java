package io.lading.puller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's config file: the control-plane fields (issue 7) next to tag following, and one-line errors for mistakes. */
class DaemonConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig load(String json) throws IOException {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, json);
        return DaemonConfig.load(f);
    }

    private String failure(String json) {
        return assertThrows(IllegalArgumentException.class, () -> load(json)).getMessage();
    }

    @Test
    void theExampleFileLoads_andFollowsChannelsThroughTheControlPlane() throws IOException {
        // The example's trust policy file exists only on a real host; the rest is loaded as shipped.
        String example = Files.readString(Path.of("lading-daemon.example.json"));
        DaemonConfig c = load(example.replaceAll("\\s*\"trustPolicy\": \"[^\"]*\",", ""));
        assertEquals("gpu-0412", c.hostIdOrDefault());
        assertEquals(c.registry(), c.controlPlaneUrl(), "no controlPlane.url: the registry is the control plane");
        assertEquals(Duration.ofSeconds(5), c.controlPlane().heartbeat());
        assertEquals("prod", c.models().get(0).channelName());
        assertEquals("http://127.0.0.1:8000/health", c.models().get(0).healthUrl());
    }

    @Test
    void controlPlaneDefaults_channelProd_heartbeat5s_wait30s_urlOfTheRegistry() throws IOException {
        DaemonConfig c = load("""
                {"registry": "http://r:5000", "hostId": "gpu-7", "controlPlane": {},
                 "models": [{"repository": "models/a"}]}""");
        assertEquals("prod", c.models().get(0).channelName());
        assertEquals(Duration.ofSeconds(5), c.controlPlane().heartbeat());
        assertEquals(30, c.controlPlane().waitSecondsOrDefault());
        assertEquals("http://r:5000", c.controlPlaneUrl());
        assertNull(c.models().get(0).healthUrl());
    }

    @Test
    void controlPlaneUrl_heartbeatAndChannel_asGiven() throws IOException {
        DaemonConfig c = load("""
                {"registry": "http://r:5000", "hostId": "gpu-7",
                 "controlPlane": {"url": "http://cp:6000", "heartbeatSeconds": 2, "waitSeconds": 60},
                 "models": [{"repository": "models/a", "channel": "canary", "healthUrl": "http://127.0.0.1:8000/h", "healthTimeoutSeconds": 3}]}""");
        assertEquals("http://cp:6000", c.controlPlaneUrl());
        assertEquals(Duration.ofSeconds(2), c.controlPlane().heartbeat());
        assertEquals(60, c.controlPlane().waitSecondsOrDefault());
        assertEquals("canary", c.models().get(0).channelName());
        assertEquals(3, c.models().get(0).healthTimeoutSeconds());
    }

    @Test
    void withoutAHostId_theHostNameInLowerCaseIsUsed() throws Exception {
        DaemonConfig c = load("""
                {"registry": "http://r:5000", "controlPlane": {}, "models": [{"repository": "models/a"}]}""");
        String host = java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        assertEquals(host, c.hostIdOrDefault());
    }

    @Test
    void aTagConfig_keepsFollowingTheTag() throws IOException {
        DaemonConfig c = load("""
                {"registry": "http://r:5000", "models": [{"repository": "models/a", "tag": "prod"}]}""");
        assertNull(c.controlPlane());
        assertEquals("prod", c.models().get(0).tag());
    }

    @Test
    void mistakesAreOneLineErrorsNamingTheField() {
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "gpu-1", "models": [{"repository": "models/a", "tag": "prod"}]}""")
                .contains("follows a \"channel\", not a \"tag\""));
        assertTrue(failure("""
                {"registry": "http://r", "models": [{"repository": "models/a", "channel": "prod"}]}""")
                .contains("set \"controlPlane\""));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "GPU 1", "models": [{"repository": "models/a"}]}""")
                .startsWith("hostId must match"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "gpu-1", "models": [{"repository": "models/a", "channel": "Prod!"}]}""")
                .startsWith("channel must match"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "gpu-1", "models": [{"repository": "models/a", "channel": "history"}]}""")
                .contains("reserved"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {"heartbeatSeconds": 0}, "hostId": "gpu-1", "models": [{"repository": "models/a"}]}""")
                .contains("heartbeatSeconds must be at least 1"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {"waitSeconds": 61}, "hostId": "gpu-1", "models": [{"repository": "models/a"}]}""")
                .contains("waitSeconds must be 1 to 60"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {"url": "cp:6000"}, "hostId": "gpu-1", "models": [{"repository": "models/a"}]}""")
                .contains("controlPlane.url"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "gpu-1", "models": [{"repository": "models/a", "healthUrl": "localhost:8000"}]}""")
                .contains("healthUrl"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {}, "hostId": "gpu-1", "labels": {"Zone": "a"}, "models": [{"repository": "models/a"}]}""")
                .contains("label Zone=a"));
        assertTrue(failure("""
                {"registry": "http://r", "controlPlane": {"heartbeat": 5}, "hostId": "gpu-1", "models": [{"repository": "models/a"}]}""")
                .contains("heartbeat"), "an unknown field is refused, not ignored");
    }
}
