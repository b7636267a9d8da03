package io.lading.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.auth.Grant;
import io.lading.registry.auth.PrincipalService;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.api.Endpoint;
import io.lading.spec.auth.Action;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API under /lading/v1/admin (admin scope only): robots, principals, grants, and the audit log.
 * Every change is audited.
 */
final class AdminHandlers {
    private static final String JSON = "application/json";
    private static final int MAX_AUDIT_PAGE = 1000;

    private final PrincipalService principals;
    private final AuditLog audit;

    AdminHandlers(PrincipalService principals, AuditLog audit) {
        this.principals = principals;
        this.audit = audit;
    }

    void handle(Context ctx, Endpoint.Match m) {
        switch (m.endpoint()) {
            case ADMIN_ROBOTS -> {
                String name = body(ctx).path("name").asText(null);
                var robot = call(() -> principals.createRobot(name));
                record(ctx, "principal.create", name, "robot");
                Responses.json(ctx, 201, JSON, Map.of("name", robot.name(), "secret", robot.secret()));
            }
            case ADMIN_PRINCIPALS -> Responses.json(ctx, 200, JSON, Map.of("principals", principals.list().stream()
                    .map(p -> Map.of("name", p.name(), "kind", p.kind(), "createdAt", p.createdAt().toString(),
                            "revoked", p.revokedAt() != null)).toList()));
            case ADMIN_PRINCIPAL -> {
                String name = m.group("principal");
                if (!principals.revoke(name)) {
                    throw new RegistryFailure.NotFound("no active principal named '" + name + "'");
                }
                record(ctx, "principal.revoke", name, null);
                Responses.empty(ctx, 204);
            }
            case ADMIN_GRANTS -> {
                if (ctx.method().name().equals("GET")) {
                    Responses.json(ctx, 200, JSON, Map.of("grants", principals.grants().stream().map(AdminHandlers::wire).toList()));
                    return;
                }
                JsonNode b = body(ctx);
                String principal = b.hasNonNull("principal") ? b.get("principal").asText() : null;
                Set<Action> actions = EnumSet.noneOf(Action.class);
                b.path("actions").forEach(a -> actions.add(Action.byId(a.asText())
                        .orElseThrow(() -> new RegistryFailure.Unsupported(400, "unknown action '" + a.asText() + "'"))));
                Grant g = call(() -> principals.grant(principal, RepositoryPattern.parse(b.path("repository").asText("")), actions));
                record(ctx, "grant.add", principal == null ? "anonymous" : principal,
                        g.pattern() + " " + actions.stream().map(Action::id).sorted().toList());
                Responses.json(ctx, 201, JSON, wire(g));
            }
            case ADMIN_GRANT -> {
                long id = Long.parseLong(m.group("id"));
                if (!principals.revokeGrant(id)) {
                    throw new RegistryFailure.NotFound("no grant with id " + id);
                }
                record(ctx, "grant.revoke", "grant " + id, null);
                Responses.empty(ctx, 204);
            }
            case ADMIN_AUDIT -> {
                long after = parseLong(ctx.queryParam("after"), 0);
                int limit = (int) Math.min(MAX_AUDIT_PAGE, parseLong(ctx.queryParam("limit"), 100));
                Responses.json(ctx, 200, JSON, Map.of("events", audit.list(after, limit).stream().map(e -> {
                    Map<String, Object> w = new LinkedHashMap<>();
                    w.put("id", e.id());
                    w.put("at", e.at().toString());
                    w.put("actor", e.actor());
                    w.put("action", e.action());
                    w.put("target", e.target());
                    w.put("outcome", e.outcome());
                    w.put("remote", e.remote());
                    w.put("detail", e.detail());
                    return w;
                }).toList()));
            }
            default -> throw new IllegalStateException("not an admin endpoint: " + m.endpoint());
        }
    }

    private void record(Context ctx, String action, String target, String detail) {
        audit.record(new AuditLog.Event(CallerAccess.of(ctx).subject(), action, target, "ok", ctx.req().getRemoteAddr(), detail));
    }

    static Map<String, Object> wire(Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("principal", g.anonymous() ? null : g.principal());
        m.put("repository", g.pattern().value());
        m.put("actions", g.actions().stream().map(Action::id).sorted().toList());
        return m;
    }

    /** Runs an admin operation, turning a refused argument into a 400 that says why. */
    private static <T> T call(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.Unsupported(400, e.getMessage());
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            return Responses.JSON.readTree(ctx.req().getInputStream().readNBytes(64 * 1024));
        } catch (IOException e) {
            throw new RegistryFailure.Unsupported(400, "request body must be a JSON object: " + e.getMessage());
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new RegistryFailure.PaginationInvalid("'" + s + "' is not a number");
        }
    }

}
