package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --wave} of {@code lading rollout start}, as spec/control-plane.md's wave objects. */
class WaveSpecTest {

    @Test
    void countWithBakeAndBudget() {
        assertEquals(Map.of("count", 1, "bakeSeconds", 60L, "maxFailures", 0), WaveSpec.parse("count=1,bake=60s,max-failures=0").toJson());
    }

    @Test
    void percentAlone_bakesZeroAndAllowsNoFailure() {
        assertEquals(Map.of("percent", 100, "bakeSeconds", 0L, "maxFailures", 0), WaveSpec.parse("percent=100").toJson());
    }

    @Test
    void labelWave_andDurationsInMinutesAndHours() {
        WaveSpec w = WaveSpec.parse("label.zone=eu-west-1a,label.rack=r12,bake=5m,max-failures=2");
        assertEquals(Map.of("zone", "eu-west-1a", "rack", "r12"), w.label());
        assertEquals(300, w.bakeSeconds());
        assertEquals(2, w.maxFailures());
        assertEquals(7200, WaveSpec.parse("percent=25,bake=2h").bakeSeconds());
        assertEquals(90, WaveSpec.parse("percent=25,bake=90").bakeSeconds());
    }

    @Test
    void badWavesAreRefusedWithTheReason() {
        assertTrue(msg("bake=60s").contains("exactly one of count=N, percent=P or label.<key>=<value>"));
        assertTrue(msg("count=1,percent=50").contains("exactly one of"));
        assertTrue(msg("percent=101").contains("percent must be a whole number from 1 to 100"));
        assertTrue(msg("count=0").contains("count must be a whole number from 1"));
        assertTrue(msg("count=1,bake=soon").contains("bake must be a duration"));
        assertTrue(msg("count=1,bake=500ms").contains("bake must be a duration"));
        assertTrue(msg("count=1,speed=9").contains("unknown key 'speed'"));
        assertTrue(msg("count").contains("is not key=value"));
        assertTrue(msg("").contains("--wave is empty"));
    }

    @Test
    void theCommandLineSaysWhatIsWrongInOneLine_beforeAnythingIsSent() {
        // Port 9 (discard) is never asked: the wave is refused first.
        CliRun run = CliRun.of("rollout", "start", "models/a", "--target", "v2", "--wave", "count=1", "--wave", "percent=0",
                "--registry", "http://127.0.0.1:9");
        assertNotEquals(0, run.exit());
        assertTrue(run.oneLineError().contains("percent must be a whole number from 1 to 100"), run.err());

        CliRun badId = CliRun.of("rollout", "status", "42; rm -rf", "--registry", "http://127.0.0.1:9");
        assertNotEquals(0, badId.exit());
        assertTrue(badId.oneLineError().contains("is not a rollout id"), badId.err());

        CliRun badChannel = CliRun.of("channel", "get", "models/a", "Prod/../x", "--registry", "http://127.0.0.1:9");
        assertNotEquals(0, badChannel.exit());
        assertTrue(badChannel.oneLineError().contains("must match"), badChannel.err());
    }

    private static String msg(String wave) {
        return assertThrows(CliFailure.class, () -> WaveSpec.parse(wave)).getMessage();
    }
}
