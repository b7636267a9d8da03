package io.lading.registry.rollout;

import io.lading.registry.fleet.HostId;
import io.lading.spec.digest.Digest;
import java.time.Instant;

/**
 * A targeted host: its wave (fixed at start), the version it had active at start ({@code before}, null when
 * none; what a rollback returns it to), and its failure in this rollout, if any.
 */
public record RolloutHost(HostId host, int wave, Digest before, String failedReason, Instant failedAt) {

    public boolean failed() {
        return failedReason != null;
    }

    public RolloutHost failed(String reason, Instant at) {
        return new RolloutHost(host, wave, before, reason, at);
    }
}
