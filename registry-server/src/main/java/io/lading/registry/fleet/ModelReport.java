package io.lading.registry.fleet;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a host reports about one model it serves, in each heartbeat (spec/control-plane.md, Hosts).
 * {@code active}, {@code previous}, {@code error}, {@code lastActivation} and {@code health} may be null.
 */
public record ModelReport(RepositoryName model, ChannelName channel, Digest active, Digest previous, List<Digest> cached,
                          String state, String error, Activation lastActivation, Health health) {
    /** A host caches current, previous and prefetched versions; more than this is a malformed report. */
    public static final int MAX_CACHED = 64;
    public static final Set<String> STATES = Set.of("idle", "pulling", "verifying", "activating", "failed");

    public ModelReport {
        cached = List.copyOf(cached);
        if (cached.size() > MAX_CACHED) {
            throw new RegistryFailure.Invalid("at most " + MAX_CACHED + " cached versions per model, got " + cached.size());
        }
        if (!STATES.contains(state)) {
            throw new RegistryFailure.Invalid("model state must be one of " + STATES + ", got '" + state + "'");
        }
    }

    /** The outcome of the host's last activation of this model. */
    public record Activation(Digest version, boolean ok, String error, Instant at) {
    }

    /** The result of the host's optional health probe of the inference server. */
    public record Health(boolean ok, String detail, Instant at) {
    }

    public boolean hasCached(Digest version) {
        return cached.contains(version);
    }
}
