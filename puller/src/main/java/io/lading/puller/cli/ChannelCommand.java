package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import io.lading.spec.auth.Action;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lading channel get|set|history}: a model's named version pointers (prod, canary, ...) that hosts
 * follow through the control plane (spec/control-plane.md, Channels).
 */
@Command(name = "channel", description = "Read, move and audit a model's channels (prod, canary, ...).",
        subcommands = {ChannelCommand.Get.class, ChannelCommand.Set.class, ChannelCommand.History.class})
public final class ChannelCommand {
    /** The channel name the spec reserves: it would make {@code .../channels/<model>/history} ambiguous. */
    private static final String RESERVED = "history";

    static String path(String model, String channel) {
        String name = LadingApiCall.name("channel", channel);
        if (name.equals(RESERVED)) {
            throw new CliFailure("'history' is reserved and cannot name a channel");
        }
        return "/lading/v1/channels/" + LadingApiCall.model(model).value() + "/" + name;
    }

    static String line(JsonNode c) {
        return c.path("model").asText() + " " + c.path("channel").asText() + " -> " + c.path("version").asText() + "  (moved "
                + c.path("movedAt").asText() + " by " + c.path("movedBy").asText()
                + (c.path("reason").isTextual() ? ": " + c.path("reason").asText() : "") + ")";
    }

    @Command(name = "get", description = "Show the version a channel points at.")
    static final class Get extends LadingApiCall {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "CHANNEL", defaultValue = "prod") String channel;

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            return c.call("GET", path(model, channel), null, scopes(model(model)));
        }

        String text(JsonNode b) {
            return line(b);
        }
    }

    @Command(name = "set", description = "Point a channel at a version (digest or tag) at once, for every host following it.")
    static final class Set extends LadingApiCall {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "CHANNEL") String channel;
        @Parameters(index = "2", paramLabel = "VERSION", description = "Digest or tag.") String version;
        @Option(names = "--reason", description = "Why, for the history and the audit log.") String reason;

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", version);
            if (reason != null) {
                body.put("reason", reason);
            }
            return c.call("PUT", path(model, channel), body, scopes(model(model), Action.ROLLOUT));
        }

        String text(JsonNode b) {
            return line(b);
        }
    }

    @Command(name = "history", description = "Every move of a channel, newest first; --at shows what was in force then.")
    static final class History extends LadingApiCall {
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "CHANNEL", defaultValue = "prod") String channel;
        @Option(names = "--at", description = "An RFC 3339 time, e.g. 2026-11-24T12:00:00Z.") String at;
        @Option(names = "-n", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).") int n;

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            if (at != null) {
                try {
                    java.time.Instant.parse(at);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new CliFailure("--at '" + at + "' is not an RFC 3339 time such as 2026-11-24T12:00:00Z");
                }
            }
            return c.call("GET", path(model, channel) + "/history?n=" + n + query("at", at), null, scopes(model(model)));
        }

        String text(JsonNode b) {
            StringBuilder out = new StringBuilder();
            b.path("history").forEach(h -> out.append(out.isEmpty() ? "" : "\n").append(String.format("%s  %s  %-16s %s",
                    h.path("movedAt").asText(), h.path("version").asText(), h.path("movedBy").asText(),
                    h.path("reason").isTextual() ? h.path("reason").asText() : "")));
            return out.isEmpty() ? "no moves" : out.toString();
        }
    }
}
