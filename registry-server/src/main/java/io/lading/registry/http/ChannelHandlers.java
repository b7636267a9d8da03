package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.channel.ChannelName;
import io.lading.registry.channel.ChannelPointer;
import io.lading.registry.channel.Channels;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.rollout.Rollouts;
import io.lading.spec.api.Endpoint;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Channels: move, read, history (spec/control-plane.md, Channels). The scope (rollout to move, pull to read)
 * comes from the path, so AccessRules checks it before these run.
 */
final class ChannelHandlers {
    private static final String JSON = "application/json";
    private static final int DEFAULT_HISTORY = 50;
    private static final int MAX_HISTORY = 1000;

    private final Channels channels;
    private final Rollouts rollouts;

    ChannelHandlers(Channels channels, Rollouts rollouts) {
        this.channels = channels;
        this.rollouts = rollouts;
    }

    void handle(Context ctx, Endpoint.Match m) {
        RepositoryName model = Requests.repository(m.group("name"));
        ChannelName channel = ChannelName.parse(m.group("channel"));
        switch (m.endpoint()) {
            case CHANNEL -> {
                if (ctx.method().name().equals("PUT")) {
                    var body = ControlBodies.object(ctx, false);
                    ChannelPointer p = rollouts.moveChannel(model, channel, ControlBodies.version(body), ControlAccess.actor(ctx),
                            ControlBodies.reason(body), ctx.req().getRemoteAddr());
                    Responses.json(ctx, 200, JSON, ControlWire.channel(p));
                } else {
                    ChannelPointer p = channels.current(model, channel)
                            .orElseThrow(() -> new RegistryFailure.ChannelUnknown(model.value(), channel.value()));
                    Responses.json(ctx, 200, JSON, ControlWire.channel(p));
                }
            }
            case CHANNEL_HISTORY -> {
                Instant at = at(ctx.queryParam("at"));
                int n = at != null ? 1 : HostHandlers.intParam(ctx, "n", DEFAULT_HISTORY, 1, MAX_HISTORY);
                List<ChannelPointer> history = channels.history(model, channel, at, n);
                Responses.json(ctx, 200, JSON, Map.of("history", history.stream().map(ControlWire::historyEntry).toList()));
            }
            default -> throw new IllegalStateException("not a channel endpoint: " + m.endpoint());
        }
    }

    private static Instant at(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new RegistryFailure.Invalid("at must be an RFC 3339 time such as 2026-11-24T12:00:00Z, got '" + raw + "'");
        }
    }
}
