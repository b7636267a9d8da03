package io.lading.registry.rollout;

import io.lading.registry.failure.RegistryFailure;
import java.util.Arrays;
import java.util.Locale;

/** A rollout's state (spec/control-plane.md, Rollouts). The last three are final. */
public enum RolloutState {
    PREFETCHING, RUNNING, PAUSED, COMPLETED, ABORTED, ROLLED_BACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean unfinished() {
        return this == PREFETCHING || this == RUNNING || this == PAUSED;
    }

    /** States in which the ticker moves the rollout forward. */
    public boolean advancing() {
        return this == PREFETCHING || this == RUNNING;
    }

    public static RolloutState parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst().orElseThrow(() ->
                new RegistryFailure.Invalid("rollout state must be one of " + Arrays.stream(values()).map(RolloutState::id).toList()
                        + ", got '" + id + "'"));
    }
}
