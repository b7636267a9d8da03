package io.lading.puller.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The answer of {@code GET /lading/v1/hosts/{hostId}/desired}: per model, the version to have active (null: keep
 * what is active), the versions to prefetch, and the rollout that decided it (null when none). {@code generation}
 * is opaque and changes whenever anything in the body does; it is sent back as {@code since} in the next poll.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Desired(String hostId, String generation, List<Model> models) {

    public Desired {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** {@code rollback}: the control plane sends the host back to its version from before a rolled-back rollout. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String model, String active, List<String> prefetch, String rollout, boolean rollback) {
        public Model {
            prefetch = prefetch == null ? List.of() : List.copyOf(prefetch);
        }
    }
}
