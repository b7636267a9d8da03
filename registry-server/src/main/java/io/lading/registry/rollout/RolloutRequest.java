package io.lading.registry.rollout;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.Labels;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.util.List;

/** A rollout as asked for by {@code POST /lading/v1/rollouts}, validated; {@code reason} may be null. */
public record RolloutRequest(RepositoryName model, ChannelName channel, Reference target, Labels selector, List<WaveSpec> waves,
                             OnFailure onFailure, String reason) {
    /** More waves than this is a plan no one can follow on a dashboard. */
    public static final int MAX_WAVES = 100;

    public RolloutRequest {
        waves = waves.isEmpty() ? List.of(WaveSpec.all()) : List.copyOf(waves);
        if (waves.size() > MAX_WAVES) {
            throw new RegistryFailure.Invalid("at most " + MAX_WAVES + " waves, got " + waves.size());
        }
    }
}
