package io.lading.puller.loadgen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
    private final ChangeLog log = new ChangeLog();

    @Test
    void givenWavesOfOneRollout_whenHostsAnswer_thenEachIsMatchedWithTheLatestWaveCommittedBeforeItsAnswer() {
        log.add(new ChangeLog.Change(DesiredChange.WAVE, "wave 1", 1_000_000));
        log.add(new ChangeLog.Change(DesiredChange.WAVE, "wave 2", 9_000_000));
        // Both hosts held their polls since 0 s; one is in wave 1 (answered 4 ms after it), one in wave 2 (7 ms after).
        var a = log.attribute(List.of(new ChangeLog.Notify("h1", DesiredChange.WAVE, 0, 1_004_000),
                new ChangeLog.Notify("h2", DesiredChange.WAVE, 0, 9_007_000)));
        assertEquals(2, a.all().getTotalCount());
        assertEquals(4_000, a.perChange().get(0).micros().getMaxValue(), 10);
        assertEquals(7_000, a.perChange().get(1).micros().getMaxValue(), 10);
        assertEquals(0, a.notHeld());
    }

    @Test
    void givenAPollSentAfterTheCommit_whenItAnswersWithTheChange_thenItIsNotCountedAsAHeldPoll() {
        log.add(new ChangeLog.Change(DesiredChange.CHANNEL, "move", 5_000_000));
        var a = log.attribute(List.of(new ChangeLog.Notify("h1", DesiredChange.CHANNEL, 5_100_000, 5_102_000)));
        assertEquals(0, a.all().getTotalCount());
        assertEquals(1, a.notHeld());
    }

    @Test
    void givenAChangeOfAnotherKind_whenMatching_thenTheAnswerIsUnmatched() {
        log.add(new ChangeLog.Change(DesiredChange.CHANNEL, "move", 5_000_000));
        var a = log.attribute(List.of(new ChangeLog.Notify("h1", DesiredChange.ROLLOUT_START, 0, 6_000_000)));
        assertEquals(1, a.unmatched());
        assertEquals(0, a.all().getTotalCount());
    }
}
