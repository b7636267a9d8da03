package io.lading.registry.rollout;

import java.time.Instant;

/**
 * A planned wave and its progress: how many hosts it got at start, when it activated, since when it has
 * been settled (every host healthy, failed or lost; null when not), and when its bake ended.
 */
public record Wave(int index, WaveSpec spec, int hosts, Instant activatedAt, Instant healthySince, Instant bakedAt) {

    public Wave activated(Instant at) {
        return new Wave(index, spec, hosts, at, null, null);
    }

    public Wave healthySince(Instant at) {
        return new Wave(index, spec, hosts, activatedAt, at, bakedAt);
    }

    public Wave baked(Instant at) {
        return new Wave(index, spec, hosts, activatedAt, healthySince, at);
    }

    public String state() {
        return bakedAt != null ? "done" : activatedAt != null ? "baking" : "pending";
    }
}
