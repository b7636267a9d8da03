package io.lading.puller.loadgen;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DesiredChangeTest {
    private static JsonNode desired(String active, String rollout, String... prefetch) throws Exception {
        var d = ControlPlaneClient.JSON.createObjectNode().put("hostId", "h").put("generation", "1");
        var m = d.putArray("models").addObject().put("model", "models/a").put("active", active).put("rollout", rollout);
        var p = m.putArray("prefetch");
        for (String v : prefetch) {
            p.add(v);
        }
        return d;
    }

    private static DesiredChange step(JsonNode before, JsonNode after) {
        return DesiredChange.between(DesiredChange.models(before), DesiredChange.models(after));
    }

    @Test
    void givenTheSpecsFieldChanges_whenClassified_thenEachNamesItsCause() throws Exception {
        assertEquals(DesiredChange.CHANNEL, step(desired("sha256:1", null), desired("sha256:2", null)));
        assertEquals(DesiredChange.ROLLOUT_START, step(desired("sha256:2", null), desired("sha256:2", "r-1", "sha256:3")));
        assertEquals(DesiredChange.WAVE, step(desired("sha256:2", "r-1", "sha256:3"), desired("sha256:3", "r-1", "sha256:3")));
        assertEquals(DesiredChange.ROLLOUT_END, step(desired("sha256:3", "r-1", "sha256:3"), desired("sha256:3", null)));
        assertEquals(DesiredChange.OTHER, step(desired("sha256:3", null), desired("sha256:3", null)));
    }
}
