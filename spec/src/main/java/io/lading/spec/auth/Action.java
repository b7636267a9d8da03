package io.lading.spec.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may allow on a repository: the registry token spec's pull, push and delete, and
 * Lading's own rollout (start and steer rollouts) and admin (manage principals, grants and the audit log).
 */
public enum Action {
    PULL, PUSH, DELETE, ROLLOUT, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> byId(String id) {
        for (Action a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
