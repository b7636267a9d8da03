package io.lading.registry.rollout;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WavePlannerTest {
    private static final List<HostId> TEN = IntStream.range(0, 10).mapToObj(i -> HostId.parse("h" + i)).toList();

    private static Labels zoneOf(HostId h) {
        return new Labels(Map.of("zone", Integer.parseInt(h.value().substring(1)) % 2 == 0 ? "a" : "b"));
    }

    private static List<Integer> waves(Map<HostId, Integer> plan) {
        return new ArrayList<>(TEN.stream().map(plan::get).toList());
    }

    @Test
    void countTakesTheNextHosts_percentIsCumulativeAndRoundsUp_andTheLastWaveTakesTheRest() {
        var plan = WavePlanner.plan(TEN, WavePlannerTest::zoneOf, List.of(
                new WaveSpec(1, null, null, 0, 0), new WaveSpec(null, 25, null, 0, 0), new WaveSpec(null, 50, null, 0, 0)));
        // 25% of 10 is 3 (rounded up) in total, so wave 2 gets 2 more; the last wave gets everything left.
        assertEquals(List.of(1, 2, 2, 3, 3, 3, 3, 3, 3, 3), waves(plan));
    }

    @Test
    void aLabelWaveTakesEveryUnassignedHostWithThoseLabels() {
        var plan = WavePlanner.plan(TEN, WavePlannerTest::zoneOf, List.of(
                new WaveSpec(1, null, null, 0, 0), new WaveSpec(null, null, new Labels(Map.of("zone", "a")), 0, 0),
                new WaveSpec(null, 100, null, 0, 0)));
        assertEquals(List.of(1, 3, 2, 3, 2, 3, 2, 3, 2, 3), waves(plan));
    }

    @Test
    void moreWavesThanHostsLeavesLaterWavesEmpty() {
        var plan = WavePlanner.plan(TEN.subList(0, 2), WavePlannerTest::zoneOf, List.of(
                new WaveSpec(5, null, null, 0, 0), new WaveSpec(1, null, null, 0, 0)));
        assertEquals(Map.of(TEN.get(0), 1, TEN.get(1), 1), plan);
    }

    @Test
    void aWaveNeedsExactlyOneSize() {
        assertThrows(RegistryFailure.Invalid.class, () -> new WaveSpec(1, 10, null, 0, 0));
        assertThrows(RegistryFailure.Invalid.class, () -> new WaveSpec(null, null, null, 0, 0));
        assertThrows(RegistryFailure.Invalid.class, () -> new WaveSpec(null, 101, null, 0, 0));
        assertThrows(RegistryFailure.Invalid.class, () -> new WaveSpec(null, null, Labels.NONE, 0, 0));
    }

    @Test
    void theHostOrderIsStablePerRolloutAndDiffersBetweenRollouts() {
        var a = HostOrder.of(TEN, 7);
        assertEquals(a, HostOrder.of(new ArrayList<>(TEN.reversed()), 7));
        assertNotEquals(a, HostOrder.of(TEN, 8));
    }
}
