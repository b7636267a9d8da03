package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.auth.AccessClaims;
import io.lading.spec.name.RepositoryName;

/**
 * What the caller of this request may reach beyond the scope the filter already checked: pulling from a
 * mount's source, seeing a repository in the catalog. Unrestricted when access control is off.
 */
record CallerAccess(String subject, AccessClaims claims) {
    private static final String ATTRIBUTE = "lading.caller";
    static final CallerAccess UNRESTRICTED = new CallerAccess("anonymous", null);

    boolean mayPull(RepositoryName repository) {
        return claims == null || claims.mayPull(repository);
    }

    boolean maySee(RepositoryName repository) {
        return claims == null || claims.maySee(repository);
    }

    /** Holds registry:admin:* (sees the whole fleet). */
    boolean isAdmin() {
        return claims == null || claims.allows(new io.lading.spec.auth.Scope(io.lading.spec.auth.Scope.REGISTRY,
                io.lading.spec.auth.Scope.ADMIN, java.util.Set.of(io.lading.spec.auth.Action.ADMIN)));
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    static CallerAccess of(Context ctx) {
        CallerAccess a = ctx.attribute(ATTRIBUTE);
        return a == null ? UNRESTRICTED : a;
    }
}
