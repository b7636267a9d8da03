package io.lading.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.Fleet;
import io.lading.registry.rollout.Rollout;
import io.lading.registry.rollout.RolloutState;
import io.lading.registry.rollout.Rollouts;
import io.lading.spec.api.Endpoint;
import io.lading.spec.auth.Action;
import io.lading.spec.name.RepositoryName;
import java.util.Map;

/** Rollouts: start, status, list, and the operator's actions (spec/control-plane.md, Rollouts). */
final class RolloutHandlers {
    private static final String JSON = "application/json";
    private static final int DEFAULT_LIST = 50;
    private static final int MAX_LIST = 1000;

    private final Rollouts rollouts;
    private final Fleet fleet;
    private final ControlAccess access;

    RolloutHandlers(Rollouts rollouts, Fleet fleet, ControlAccess access) {
        this.rollouts = rollouts;
        this.fleet = fleet;
        this.access = access;
    }

    void handle(Context ctx, Endpoint.Match m) {
        switch (m.endpoint()) {
            case ROLLOUTS -> {
                if (ctx.method().name().equals("POST")) {
                    start(ctx);
                } else {
                    list(ctx);
                }
            }
            case ROLLOUT -> {
                Rollout r = rollouts.find(id(m.group("id")));
                access.require(ctx, r.model(), Action.PULL);
                Responses.json(ctx, 200, JSON, status(r));
            }
            case ROLLOUT_ACTION -> {
                long id = id(m.group("id"));
                JsonNode body = ControlBodies.object(ctx, true);
                access.require(ctx, rollouts.find(id).model(), Action.ROLLOUT);
                Rollout r = rollouts.act(id, m.group("action"), ControlAccess.actor(ctx), ControlBodies.reason(body), ctx.req().getRemoteAddr());
                Responses.json(ctx, 200, JSON, status(r));
            }
            default -> throw new IllegalStateException("not a rollout endpoint: " + m.endpoint());
        }
    }

    // POST /lading/v1/rollouts
    private void start(Context ctx) {
        var req = ControlBodies.rollout(ControlBodies.object(ctx, false));
        access.require(ctx, req.model(), Action.ROLLOUT);
        Rollout r = rollouts.start(req, ControlAccess.actor(ctx), ctx.req().getRemoteAddr());
        ctx.header("Location", "/lading/v1/rollouts/" + r.wireId());
        Responses.json(ctx, 201, JSON, status(r));
    }

    // GET /lading/v1/rollouts?model=&state=&n=
    private void list(Context ctx) {
        String model = ctx.queryParam("model");
        String state = ctx.queryParam("state");
        RepositoryName name = model == null ? null : Requests.repository(model);
        if (name != null) {
            access.require(ctx, name, Action.PULL);
        }
        int n = HostHandlers.intParam(ctx, "n", DEFAULT_LIST, 1, MAX_LIST);
        var mayPull = access.isAdmin(ctx) ? (java.util.function.Predicate<RepositoryName>) x -> true : access.mayPull(ctx);
        var list = rollouts.list(name, state == null ? null : RolloutState.parse(state), n).stream()
                .filter(r -> mayPull.test(r.model())).map(r -> ControlWire.rollout(r, h -> fleet.host(h).orElse(null), null)).toList();
        Responses.json(ctx, 200, JSON, Map.of("rollouts", list));
    }

    private Map<String, Object> status(Rollout r) {
        return ControlWire.rollout(r, h -> fleet.host(h).orElse(null), rollouts.events(r.id()));
    }

    private static long id(String raw) {
        return Rollout.parseId(raw).orElseThrow(() -> new RegistryFailure.RolloutUnknown(raw));
    }
}
