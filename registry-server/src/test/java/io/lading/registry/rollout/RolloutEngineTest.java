package io.lading.registry.rollout;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.Labels;
import io.lading.registry.fleet.ModelReport;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state machine as pure functions: given reports and a time, what the next rollout value is. */
class RolloutEngineTest {
    private static final RepositoryName MODEL = RepositoryName.parse("models/llama");
    private static final Digest OLD = Digest.sha256Of("old".getBytes());
    private static final Digest NEW = Digest.sha256Of("new".getBytes());
    private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private final Map<HostId, HostState> hosts = new HashMap<>();

    private Rollout rollout(OnFailure onFailure, WaveSpec... specs) {
        Map<HostId, RolloutHost> assigned = new LinkedHashMap<>();
        assigned.put(HostId.parse("a"), new RolloutHost(HostId.parse("a"), 1, OLD, null, null));
        assigned.put(HostId.parse("b"), new RolloutHost(HostId.parse("b"), 2, OLD, null, null));
        List<Wave> waves = new java.util.ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            waves.add(new Wave(i + 1, specs[i], 1, null, null, null));
        }
        assigned.keySet().forEach(h -> report(h.value(), OLD, List.of(OLD), null, null));
        return new Rollout(1, MODEL, ChannelName.PROD, NEW, "v2", Labels.NONE, onFailure, RolloutState.PREFETCHING, 0, T0, "alice",
                null, null, waves, assigned);
    }

    private void report(String host, Digest active, List<Digest> cached, ModelReport.Activation activation, ModelReport.Health health) {
        var r = new ModelReport(MODEL, ChannelName.PROD, active, null, cached, "idle", null, activation, health);
        hosts.put(HostId.parse(host), new HostState(HostId.parse(host), Labels.NONE, T0, T0, null, Map.of(MODEL, r)));
    }

    private Rollout tick(Rollout r, int secondsAfterStart) {
        return RolloutEngine.tick(r, hosts::get, T0.plusSeconds(secondsAfterStart), TIMEOUT).next();
    }

    @Test
    void wave1WaitsForEveryCache_thenEachWaveBakesBeforeTheNext() {
        Rollout r = rollout(OnFailure.PAUSE, new WaveSpec(1, null, null, 60, 0), new WaveSpec(null, 100, null, 0, 0));
        report("a", OLD, List.of(OLD, NEW), null, null);
        r = tick(r, 1);
        assertEquals(RolloutState.PREFETCHING, r.state(), "b has not cached the target");
        report("b", OLD, List.of(OLD, NEW), null, null);
        r = tick(r, 2);
        assertEquals(1, r.currentWave());
        report("a", NEW, List.of(OLD, NEW), new ModelReport.Activation(NEW, true, null, T0), null);
        r = tick(r, 3);
        assertEquals(T0.plusSeconds(3), r.wave(1).healthySince());
        r = tick(r, 62);
        assertEquals(1, r.currentWave(), "59 s of a 60 s bake");
        r = tick(r, 63);
        assertEquals(2, r.currentWave());
        report("b", NEW, List.of(OLD, NEW), new ModelReport.Activation(NEW, true, null, T0), null);
        r = tick(r, 64);
        assertEquals(RolloutState.COMPLETED, r.state());
    }

    @Test
    void aPrefetchTimeoutFailsTheHostsThatDidNotCache_andTheBudgetDecides() {
        Rollout r = rollout(OnFailure.ROLLBACK, new WaveSpec(1, null, null, 0, 0), new WaveSpec(null, 100, null, 0, 0));
        report("a", OLD, List.of(OLD, NEW), null, null);
        r = tick(r, (int) TIMEOUT.toSeconds());
        assertEquals(RolloutState.ROLLED_BACK, r.state(), "b failed in wave 2, whose budget is 0");
        assertTrue(r.hosts().get(HostId.parse("b")).failedReason().startsWith("prefetch timed out"));
    }

    @Test
    void aBadHealthProbeAfterActivationFailsTheHost_andPausesOverBudget() {
        Rollout r = rollout(OnFailure.PAUSE, new WaveSpec(1, null, null, 0, 0), new WaveSpec(null, 100, null, 0, 0));
        report("a", NEW, List.of(OLD, NEW), null, new ModelReport.Health(false, "503", T0));
        report("b", OLD, List.of(OLD, NEW), null, null);
        r = tick(r, 1);
        assertEquals(RolloutState.PAUSED, r.state(), "wave 1 activated and its failure counted in the same tick");
        assertEquals(1, r.currentWave(), "a wave with a failed host over budget never lets the next one start");
        assertEquals("health probe failed: 503", r.hosts().get(HostId.parse("a")).failedReason());
        Rollout resumed = RolloutEngine.act(r, "resume", "alice", null, T0.plusSeconds(3)).next();
        assertEquals(RolloutState.RUNNING, resumed.state());
        assertEquals(RolloutState.RUNNING, tick(resumed, 4).state(), "failures before the resume no longer count");
    }

    @Test
    void actionsOutsideTheirStatesAreRefused() {
        Rollout r = rollout(OnFailure.PAUSE, WaveSpec.all());
        assertThrows(RegistryFailure.RolloutStateRefused.class, () -> RolloutEngine.act(r, "resume", "alice", null, T0));
        Rollout aborted = RolloutEngine.act(r, "abort", "alice", null, T0).next();
        assertThrows(RegistryFailure.RolloutStateRefused.class, () -> RolloutEngine.act(aborted, "promote", "alice", null, T0));
        assertEquals(RolloutState.ROLLED_BACK, RolloutEngine.act(aborted, "rollback", "alice", null, T0).next().state());
    }
}
