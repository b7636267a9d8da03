package io.lading.registry.auth;

import java.util.List;

/**
 * Who a request acts for: a user, a robot account, a federated CI identity, or anonymous; with the
 * grants that decide what its tokens may carry.
 */
public record Principal(String name, Kind kind, List<Grant> grants) {
    public enum Kind { USER, ROBOT, FEDERATED, ANONYMOUS }

    public static final String ANONYMOUS_NAME = "anonymous";

    public Principal {
        grants = List.copyOf(grants);
    }
}
