package io.lading.registry.auth;

import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a verified token allows: its subject, the actions per scope, and the repository patterns whose
 * names the subject may list in the catalog.
 */
public record AccessClaims(String subject, Map<String, Set<Action>> access, List<RepositoryPattern> visible) {
    public AccessClaims {
        access = Map.copyOf(access);
        visible = List.copyOf(visible);
    }

    static String key(String type, String name) {
        return type + ":" + name;
    }

    public boolean allows(Scope needed) {
        Set<Action> granted = access.getOrDefault(key(needed.type(), needed.name()), Set.of());
        if (Scope.REGISTRY.equals(needed.type())) {
            // Registry-wide entries (catalog, admin) are only ever issued to those who hold them.
            return access.containsKey(key(needed.type(), needed.name()));
        }
        return !needed.actions().isEmpty() && granted.containsAll(needed.actions());
    }

    public boolean mayPull(RepositoryName repository) {
        return access.getOrDefault(key(Scope.REPOSITORY, repository.value()), Set.of()).contains(Action.PULL);
    }

    public boolean maySee(RepositoryName repository) {
        return visible.stream().anyMatch(p -> p.matches(repository));
    }
}
