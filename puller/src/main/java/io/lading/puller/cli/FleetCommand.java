package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lading fleet}: every host the control plane knows, what it runs, and which are lost. */
@Command(name = "fleet", description = "Show the hosts following the control plane: labels, versions, state; counts per version.")
public final class FleetCommand extends LadingApiCall {
    @Option(names = "--model", description = "Only hosts serving this model.") String model;
    @Option(names = "--version", description = "With --model: only hosts whose active version is this digest (or none).") String version;
    @Option(names = "--state", description = "live or lost.") String state;
    @Option(names = "--label", description = "Only hosts with this label, k=v (repeatable).") Map<String, String> labels;

    @Override
    RegistryClient.Reply send(RegistryClient c) throws IOException {
        if (version != null && model == null) {
            throw new CliFailure("--version needs --model (a version is a version of one model)");
        }
        if (state != null && !state.equals("live") && !state.equals("lost")) {
            throw new CliFailure("--state must be live or lost, got '" + state + "'");
        }
        StringBuilder q = new StringBuilder();
        q.append(query("model", model == null ? null : model(model).value())).append(query("version", version)).append(query("state", state));
        if (labels != null) {
            labels.forEach((k, v) -> q.append(query("label." + name("label key", k), v)));
        }
        String path = "/lading/v1/hosts" + (q.isEmpty() ? "" : "?" + q.substring(1));
        return c.call("GET", path, null, model == null ? List.of() : scopes(model(model)));
    }

    @Override
    String text(JsonNode b) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %-5s %-20s %-32s %-20s %s", "HOST", "STATE", "LAST SEEN", "MODEL", "ACTIVE", "HEALTH"));
        for (JsonNode h : b.path("hosts")) {
            String hostState = h.path("lost").asBoolean() ? "lost" : "live";
            if (h.path("models").isEmpty()) {
                lines.add(String.format("%-24s %-5s %-20s", h.path("hostId").asText(), hostState, h.path("lastSeen").asText()));
            }
            for (JsonNode m : h.path("models")) {
                JsonNode health = m.path("health");
                lines.add(String.format("%-24s %-5s %-20s %-32s %-20s %s", h.path("hostId").asText(), hostState, h.path("lastSeen").asText(),
                        m.path("model").asText(), shortDigest(m.path("active")),
                        health.isObject() ? (health.path("ok").asBoolean() ? "ok" : "FAILING: " + health.path("detail").asText()) : "-"));
            }
        }
        b.path("byVersion").fields().forEachRemaining(e -> {
            StringBuilder counts = new StringBuilder(e.getKey() + ":");
            e.getValue().fields().forEachRemaining(v -> counts.append(" ").append(shortDigest(v.getKey())).append("=").append(v.getValue().asInt()));
            lines.add(counts.toString());
        });
        return String.join("\n", lines);
    }
}
