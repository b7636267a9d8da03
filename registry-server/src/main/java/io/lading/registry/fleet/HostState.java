package io.lading.registry.fleet;

import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.util.Map;

/** A registered host as the registry last heard it: labels, per-model reports, and whether it is lost. */
public record HostState(HostId id, Labels labels, Instant firstSeen, Instant lastSeen, Instant lostAt,
                        Map<RepositoryName, ModelReport> models) {
    public HostState {
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    }

    public boolean lost() {
        return lostAt != null;
    }

    public ModelReport report(RepositoryName model) {
        return models.get(model);
    }
}
