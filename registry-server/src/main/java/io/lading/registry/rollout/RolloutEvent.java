package io.lading.registry.rollout;

import java.time.Instant;

/** One entry of a rollout's history: started, wave_activated, paused, completed, ... with who and why. */
public record RolloutEvent(Instant at, String event, String actor, String detail) {
}
