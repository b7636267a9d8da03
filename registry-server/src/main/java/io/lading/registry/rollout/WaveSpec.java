package io.lading.registry.rollout;

import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.Labels;

/**
 * One wave as asked for: exactly one of {@code count} hosts, {@code percent} of the targeted hosts
 * (cumulative up to this wave), or every host with {@code label}; how long it must stay healthy before the
 * next wave starts; and how many of its hosts may fail.
 */
public record WaveSpec(Integer count, Integer percent, Labels label, long bakeSeconds, int maxFailures) {
    /** A week: longer bakes are almost certainly a unit mistake (milliseconds for seconds). */
    public static final long MAX_BAKE_SECONDS = 7 * 24 * 3600;

    public WaveSpec {
        int given = (count != null ? 1 : 0) + (percent != null ? 1 : 0) + (label != null ? 1 : 0);
        if (given != 1) {
            throw new RegistryFailure.Invalid("a wave needs exactly one of count, percent or label");
        }
        if (count != null && count < 1) {
            throw new RegistryFailure.Invalid("a wave's count must be at least 1, got " + count);
        }
        if (percent != null && (percent < 1 || percent > 100)) {
            throw new RegistryFailure.Invalid("a wave's percent must be between 1 and 100, got " + percent);
        }
        if (label != null && label.isEmpty()) {
            throw new RegistryFailure.Invalid("a wave's label must name at least one label");
        }
        if (bakeSeconds < 0 || bakeSeconds > MAX_BAKE_SECONDS) {
            throw new RegistryFailure.Invalid("bakeSeconds must be between 0 and " + MAX_BAKE_SECONDS + ", got " + bakeSeconds);
        }
        if (maxFailures < 0) {
            throw new RegistryFailure.Invalid("maxFailures must not be negative, got " + maxFailures);
        }
    }

    public static WaveSpec all() {
        return new WaveSpec(null, 100, null, 0, 0);
    }
}
