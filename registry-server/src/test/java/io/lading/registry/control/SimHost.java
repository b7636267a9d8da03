package io.lading.registry.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A simulated GPU host serving one model: it heartbeats its state and, on {@link #follow}, does what its
 * desired state says as a puller would (fetch prefetch versions into the cache, activate the desired version),
 * optionally failing activation or its health probe.
 */
final class SimHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    final String id;
    final Map<String, String> labels;
    final String model;
    final String channel;
    private ControlClient client;
    private String token;
    String active;
    String previous;
    final Set<String> cached = new LinkedHashSet<>();
    /** When set, activating this version reports failure. */
    String failActivationOf;
    /** When false, the host reports a failed health probe. */
    boolean healthy = true;
    /** When false, the host downloads nothing (its prefetch never completes). */
    boolean fetches = true;
    String lastActivationVersion;
    boolean lastActivationOk = true;
    String generation;

    SimHost(ControlClient client, String id, Map<String, String> labels, String model, String channel, String active) {
        this.client = client;
        this.id = id;
        this.labels = labels;
        this.model = model;
        this.channel = channel;
        this.active = active;
        if (active != null) {
            cached.add(active);
        }
        this.token = client.hostToken(model);
    }

    /** Talks to a restarted registry from now on. */
    void reattach(ControlClient restarted) {
        client = restarted;
        token = restarted.hostToken(model);
    }

    JsonNode beat() {
        ObjectNode body = JSON.createObjectNode();
        body.set("labels", JSON.valueToTree(labels));
        ObjectNode m = body.putArray("models").addObject();
        m.put("model", model).put("channel", channel).put("active", active).put("previous", previous).put("state", "idle");
        var c = m.putArray("cached");
        cached.forEach(c::add);
        if (lastActivationVersion != null) {
            m.putObject("lastActivation").put("version", lastActivationVersion).put("ok", lastActivationOk)
                    .put("error", lastActivationOk ? null : "inference server refused to load").put("at", "2026-11-30T04:00:00Z");
        }
        if (active != null) {
            m.putObject("health").put("ok", healthy).put("detail", healthy ? "200 from /health" : "503 from /health")
                    .put("at", "2026-11-30T04:00:05Z");
        }
        JsonNode answer = client.expect(200, "PUT", "/lading/v1/hosts/" + id, body.toString(), token);
        generation = answer.get("generation").asText();
        return answer;
    }

    JsonNode desired() {
        return client.expect(200, "GET", "/lading/v1/hosts/" + id + "/desired?wait=0", null, token);
    }

    /** The desired entry of this host's model. */
    JsonNode desiredModel() {
        for (JsonNode m : desired().get("models")) {
            if (m.get("model").asText().equals(model)) {
                return m;
            }
        }
        throw new AssertionError(id + " has no desired entry for " + model);
    }

    String desiredActive() {
        JsonNode a = desiredModel().get("active");
        return a.isNull() ? null : a.asText();
    }

    /** One puller cycle: read desired state, prefetch, activate, then heartbeat. */
    void follow() {
        JsonNode d = desiredModel();
        if (fetches) {
            d.get("prefetch").forEach(p -> cached.add(p.asText()));
        }
        String want = d.get("active").isNull() ? null : d.get("active").asText();
        if (want != null && !want.equals(active) && (fetches || cached.contains(want))) {
            cached.add(want);
            lastActivationVersion = want;
            if (want.equals(failActivationOf)) {
                lastActivationOk = false;
            } else {
                lastActivationOk = true;
                previous = active;
                active = want;
            }
        }
        beat();
    }
}
