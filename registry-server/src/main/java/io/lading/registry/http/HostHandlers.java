package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.DesiredNotifier;
import io.lading.registry.fleet.Fleet;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.Labels;
import io.lading.registry.fleet.ModelReport;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.registry.rollout.DesiredStates;
import io.lading.spec.api.Endpoint;
import io.lading.spec.auth.Action;
import io.lading.spec.name.RepositoryName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Hosts: heartbeat, desired state (long poll), one host, the fleet view (spec/control-plane.md, Hosts). */
final class HostHandlers {
    private static final String JSON = "application/json";
    static final int DEFAULT_WAIT_SECONDS = 30;
    /** Longer polls gain nothing and outlive proxies' idle timeouts. */
    static final int MAX_WAIT_SECONDS = 60;
    /** Heartbeats every 5 s at most, and at least three per lost-after period, so one late beat never loses a host. */
    static final long MAX_HEARTBEAT_SECONDS = 5;

    private final Fleet fleet;
    private final DesiredStates desired;
    private final DesiredNotifier notifier;
    private final RegistryMetrics metrics;
    private final ControlAccess access;

    HostHandlers(Fleet fleet, DesiredStates desired, DesiredNotifier notifier, RegistryMetrics metrics, ControlAccess access) {
        this.fleet = fleet;
        this.desired = desired;
        this.notifier = notifier;
        this.metrics = metrics;
        this.access = access;
    }

    void handle(Context ctx, Endpoint.Match m) {
        switch (m.endpoint()) {
            case HOSTS -> fleetView(ctx);
            case HOST_DESIRED -> desired(ctx, HostId.parse(m.group("host")));
            case HOST -> {
                HostId id = HostId.parse(m.group("host"));
                if (ctx.method().name().equals("PUT")) {
                    heartbeat(ctx, id);
                } else {
                    HostState h = fleet.host(id).orElseThrow(() -> new RegistryFailure.HostUnknown(id.value()));
                    Responses.json(ctx, 200, JSON, ControlWire.host(h, access.isAdmin(ctx) ? r -> true : access.mayPull(ctx)));
                }
            }
            default -> throw new IllegalStateException("not a host endpoint: " + m.endpoint());
        }
    }

    // PUT /lading/v1/hosts/{hostId}
    private void heartbeat(Context ctx, HostId id) {
        var hb = ControlBodies.heartbeat(ControlBodies.object(ctx, false));
        for (ModelReport r : hb.models()) {
            access.require(ctx, r.model(), Action.PULL);
        }
        HostState h = fleet.heartbeat(id, hb.labels(), hb.models(), ControlAccess.actor(ctx), ctx.req().getRemoteAddr());
        metrics.heartbeat();
        long lostAfter = fleet.lostAfter().toSeconds();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostId", id.value());
        body.put("heartbeatSeconds", Math.max(1, Math.min(MAX_HEARTBEAT_SECONDS, lostAfter / 3)));
        body.put("lostAfterSeconds", lostAfter);
        body.put("generation", desired.of(h, access.mayPull(ctx)).generation());
        Responses.json(ctx, 200, JSON, body);
    }

    // GET /lading/v1/hosts/{hostId}/desired?wait=&since=
    private void desired(Context ctx, HostId id) {
        int wait = intParam(ctx, "wait", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        String since = ctx.queryParam("since");
        Predicate<RepositoryName> mayPull = access.mayPull(ctx);
        metrics.desiredPoll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
        while (true) {
            // Take the signal before computing, so a change in between wakes the wait below.
            var signal = notifier.signal(id);
            HostState h = fleet.host(id).orElseThrow(() -> new RegistryFailure.HostUnknown(id.value()));
            DesiredStates.Desired d = desired.of(h, mayPull);
            long left = deadline - System.nanoTime();
            if (since == null || !since.equals(d.generation()) || left <= 0 || notifier.closed()) {
                Responses.json(ctx, 200, JSON, ControlWire.desired(d));
                return;
            }
            try {
                signal.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Nothing changed: answer the same body below.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding a long poll", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // GET /lading/v1/hosts?model=&version=&state=&label.<key>=
    private void fleetView(Context ctx) {
        String modelParam = ctx.queryParam("model");
        RepositoryName model = modelParam == null ? null : Requests.repository(modelParam);
        String version = ctx.queryParam("version");
        if (version != null && model == null) {
            throw new RegistryFailure.Invalid("version filters by a model's active version; give model too");
        }
        if (version != null && !version.equals("none")) {
            Requests.digest(version);
        }
        String state = ctx.queryParam("state");
        if (state != null && !state.equals("live") && !state.equals("lost")) {
            throw new RegistryFailure.Invalid("state must be live or lost, got '" + state + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (k.startsWith("label.") && !v.isEmpty()) {
                labels.put(k.substring("label.".length()), v.get(0));
            }
        });
        Labels selector = new Labels(labels);
        Predicate<RepositoryName> visible;
        boolean seesAll = model == null && access.isAdmin(ctx);
        if (model != null) {
            access.require(ctx, model, Action.PULL);
            visible = model::equals;
        } else {
            visible = seesAll ? r -> true : access.mayPull(ctx);
        }
        List<HostState> hosts = fleet.all().stream()
                .filter(h -> h.labels().includes(selector))
                .filter(h -> state == null || h.lost() == state.equals("lost"))
                .filter(h -> model == null ? seesAll || h.models().keySet().stream().anyMatch(visible) : h.report(model) != null)
                .filter(h -> version == null || version.equals(h.report(model).active() == null ? "none" : h.report(model).active().toString()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hosts", hosts.stream().map(h -> ControlWire.host(h, visible)).toList());
        body.put("byVersion", ControlWire.byVersion(hosts, visible));
        body.put("stale", hosts.stream().filter(HostState::lost).map(h -> h.id().value()).toList());
        Responses.json(ctx, 200, JSON, body);
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < min) {
                throw new NumberFormatException();
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw new RegistryFailure.Invalid(name + " must be an integer of at least " + min + ", got '" + raw + "'");
        }
    }
}
