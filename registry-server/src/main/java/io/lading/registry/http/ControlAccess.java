package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Access checks of the control plane that the endpoint table cannot make up front: scopes named by the body
 * (a heartbeat's models, a rollout's model) or by a stored rollout. With access control off, everything is allowed.
 */
final class ControlAccess {
    /** Null when access control is off. */
    private final AuthFilter auth;

    ControlAccess(AuthFilter auth) {
        this.auth = auth;
    }

    void require(Context ctx, RepositoryName model, Action action) {
        if (auth != null) {
            auth.demand(ctx, Scope.repository(model, Set.of(action)));
        }
    }

    Predicate<RepositoryName> mayPull(Context ctx) {
        CallerAccess caller = CallerAccess.of(ctx);
        return caller::mayPull;
    }

    boolean isAdmin(Context ctx) {
        return CallerAccess.of(ctx).isAdmin();
    }

    static String actor(Context ctx) {
        return CallerAccess.of(ctx).subject();
    }
}
