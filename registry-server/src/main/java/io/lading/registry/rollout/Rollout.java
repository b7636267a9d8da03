package io.lading.registry.rollout;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.Labels;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rollout as the registry holds it: what, where, the wave plan with its progress, and every targeted host
 * in the stable order they were assigned. Immutable: each step makes a new value, which is persisted
 * before it replaces the old one.
 *
 * @param currentWave 0 while no wave has activated, else the 1-based index of the last activated wave
 * @param budgetSince failures before this instant no longer count against the budget (set by resume); may be null
 */
public record Rollout(long id, RepositoryName model, ChannelName channel, Digest target, String targetRef, Labels selector,
                      OnFailure onFailure, RolloutState state, int currentWave, Instant createdAt, String createdBy,
                      Instant budgetSince, Instant finishedAt, List<Wave> waves, Map<HostId, RolloutHost> hosts) {
    public static final String ID_PREFIX = "r-";

    public Rollout {
        waves = List.copyOf(waves);
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    public String wireId() {
        return ID_PREFIX + id;
    }

    /** True once the host's wave has activated: its desired version is the target. */
    public boolean activatedFor(RolloutHost h) {
        return h.wave() <= currentWave;
    }

    public Wave wave(int index) {
        return waves.get(index - 1);
    }

    public Rollout withState(RolloutState s, Instant finished) {
        return new Rollout(id, model, channel, target, targetRef, selector, onFailure, s, currentWave, createdAt, createdBy,
                budgetSince, finished, waves, hosts);
    }

    public Rollout withBudgetSince(Instant since) {
        return new Rollout(id, model, channel, target, targetRef, selector, onFailure, state, currentWave, createdAt, createdBy,
                since, finishedAt, waves, hosts);
    }

    public Rollout withWave(Wave w) {
        List<Wave> list = new ArrayList<>(waves);
        list.set(w.index() - 1, w);
        return new Rollout(id, model, channel, target, targetRef, selector, onFailure, state, currentWave, createdAt, createdBy,
                budgetSince, finishedAt, list, hosts);
    }

    public Rollout withCurrentWave(int k) {
        return new Rollout(id, model, channel, target, targetRef, selector, onFailure, state, k, createdAt, createdBy,
                budgetSince, finishedAt, waves, hosts);
    }

    public Rollout withHosts(Map<HostId, RolloutHost> h) {
        return new Rollout(id, model, channel, target, targetRef, selector, onFailure, state, currentWave, createdAt, createdBy,
                budgetSince, finishedAt, waves, h);
    }

    /** Parses {@code r-<n>}; empty for anything else. */
    public static java.util.OptionalLong parseId(String wire) {
        if (wire == null || !wire.matches("r-[0-9]{1,18}")) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Long.parseLong(wire.substring(2)));
    }
}
