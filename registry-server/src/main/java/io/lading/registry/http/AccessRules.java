package io.lading.registry.http;

import io.javalin.http.HandlerType;
import io.lading.spec.api.Endpoint;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.util.List;
import java.util.Set;

/**
 * The scope each request needs, derived from the endpoint table: the one place that says who may do what.
 * An empty list means "any valid token".
 */
final class AccessRules {
    private AccessRules() {
    }

    /**
     * The scopes to name in a challenge: the required ones, plus pull on a mount's source, which a client
     * should ask for (without it the mount falls back to an upload), as Distribution's challenges do.
     */
    static List<Scope> challenged(Endpoint.Match m, HandlerType method, String mountFrom) {
        List<Scope> required = required(m, method, null);
        if (m.endpoint() != Endpoint.UPLOAD_START || mountFrom == null) {
            return required;
        }
        List<Scope> all = new java.util.ArrayList<>(required);
        try {
            all.add(Scope.repository(RepositoryName.parse(mountFrom), Set.of(Action.PULL)));
        } catch (IllegalArgumentException e) {
            // An invalid source name is reported by the handler; the challenge just leaves it out.
        }
        return all;
    }

    /** {@code repository} is the chunk index's optional repository parameter. */
    static List<Scope> required(Endpoint.Match m, HandlerType method, String repository) {
        return switch (m.endpoint()) {
            case BASE -> List.of();
            case CHUNK_INDEX -> repository == null ? List.of()
                    : List.of(Scope.repository(Requests.repository(repository), Set.of(Action.PULL)));
            case CATALOG -> List.of(new Scope(Scope.REGISTRY, Scope.CATALOG, Set.of()));
            case UPLOAD_START, UPLOAD_SESSION -> repository(m, Action.PUSH);
            case BLOB -> repository(m, method == HandlerType.DELETE ? Action.DELETE : Action.PULL);
            case MANIFEST -> repository(m, switch (method) {
                case PUT -> Action.PUSH;
                case DELETE -> Action.DELETE;
                default -> Action.PULL;
            });
            case TAGS, REFERRERS -> repository(m, Action.PULL);
            case ADMIN_ROBOTS, ADMIN_PRINCIPALS, ADMIN_PRINCIPAL, ADMIN_GRANTS, ADMIN_GRANT, ADMIN_AUDIT ->
                    List.of(new Scope(Scope.REGISTRY, Scope.ADMIN, Set.of(Action.ADMIN)));
            // The control plane's scopes are named by the body or a stored rollout; its handlers check them (ControlAccess).
            case HOSTS, HOST, HOST_DESIRED, ROLLOUTS, ROLLOUT, ROLLOUT_ACTION -> List.of();
            case CHANNEL -> repository(m, method == HandlerType.PUT ? Action.ROLLOUT : Action.PULL);
            case CHANNEL_HISTORY -> repository(m, Action.PULL);
        };
    }

    private static List<Scope> repository(Endpoint.Match m, Action action) {
        RepositoryName name = Requests.repository(m.group("name"));
        return List.of(Scope.repository(name, Set.of(action)));
    }
}
