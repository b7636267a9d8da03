package io.lading.registry.auth;

import io.lading.spec.auth.Action;
import io.lading.spec.name.RepositoryName;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** Actions on the repositories a pattern matches, given to a principal (or to anyone, when anonymous). */
public record Grant(long id, String principal, RepositoryPattern pattern, Set<Action> actions) {
    public Grant {
        actions = Set.copyOf(actions);
    }

    public boolean anonymous() {
        return principal == null;
    }

    /** Everything a set of grants allows on one repository. */
    public static Set<Action> allowed(Collection<Grant> grants, RepositoryName repository) {
        Set<Action> out = EnumSet.noneOf(Action.class);
        for (Grant g : grants) {
            if (g.pattern().matches(repository)) {
                out.addAll(g.actions());
            }
        }
        return out;
    }

    /** Admin is global: it must be granted on {@code **}, the pattern that covers every repository. */
    public static boolean isAdmin(Collection<Grant> grants) {
        return grants.stream().anyMatch(g -> g.pattern().value().equals("**") && g.actions().contains(Action.ADMIN));
    }
}
