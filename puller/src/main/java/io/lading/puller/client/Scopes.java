package io.lading.puller.client;

import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The token scopes the client asks for, built from the spec's {@link Scope} so the strings match the server's. */
final class Scopes {
    private Scopes() {
    }

    static List<String> pull(RepositoryName repository) {
        return List.of(Scope.repository(repository, EnumSet.of(Action.PULL)).toString());
    }

    /**
     * One scope per resource with the union of the actions asked for, so a token request says
     * {@code repository:a:pull,push} once rather than also {@code repository:a:pull}. Scopes this client
     * cannot parse (another registry's own types) are passed on as they are.
     */
    static TreeSet<String> merge(List<String> scopes) {
        Map<String, Scope> byResource = new LinkedHashMap<>();
        TreeSet<String> out = new TreeSet<>();
        for (String s : scopes) {
            Scope scope;
            try {
                scope = Scope.parse(s);
            } catch (IllegalArgumentException e) {
                out.add(s);
                continue;
            }
            byResource.merge(scope.type() + ":" + scope.name(), scope, (a, b) -> {
                Set<Action> actions = EnumSet.noneOf(Action.class);
                actions.addAll(a.actions());
                actions.addAll(b.actions());
                return new Scope(a.type(), a.name(), actions);
            });
        }
        byResource.values().forEach(sc -> out.add(sc.toString()));
        return out;
    }

    /** Pushing also needs pull: the client checks which blobs the repository already has. */
    static List<String> push(RepositoryName repository) {
        return List.of(Scope.repository(repository, EnumSet.of(Action.PULL, Action.PUSH)).toString());
    }
}
