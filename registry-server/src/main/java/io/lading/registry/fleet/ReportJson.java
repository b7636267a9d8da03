package io.lading.registry.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.channel.ChannelName;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.InvalidDigestException;
import io.lading.spec.name.InvalidNameException;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model report in its wire form (spec/control-plane.md): parsed from a heartbeat, stored as this JSON in
 * {@code host_model.report}, and shown back as reported in the fleet view.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Error and detail strings are the puller's own one-liners; longer ones are cut, not refused. */
    private static final int MAX_TEXT = 1024;

    private ReportJson() {
    }

    public static ModelReport parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new RegistryFailure.Invalid("each entry of models must be a JSON object");
        }
        RepositoryName model = name(text(n, "model", true));
        String channel = text(n, "channel", false);
        List<Digest> cached = new ArrayList<>();
        JsonNode c = n.get("cached");
        if (c != null && !c.isNull()) {
            if (!c.isArray()) {
                throw new RegistryFailure.Invalid("models[].cached must be an array of digests");
            }
            c.forEach(d -> cached.add(digest(d.isTextual() ? d.asText() : d.toString(), "cached")));
        }
        String state = text(n, "state", false);
        return new ModelReport(model, channel == null ? ChannelName.PROD : ChannelName.parse(channel),
                optionalDigest(n, "active"), optionalDigest(n, "previous"), cached, state == null ? "idle" : state,
                cut(text(n, "error", false)), activation(n.get("lastActivation")), health(n.get("health")));
    }

    public static ModelReport parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report is not JSON: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> wire(ModelReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model().value());
        m.put("channel", r.channel().value());
        m.put("active", str(r.active()));
        m.put("previous", str(r.previous()));
        m.put("cached", r.cached().stream().map(Digest::toString).toList());
        m.put("state", r.state());
        m.put("error", r.error());
        if (r.lastActivation() == null) {
            m.put("lastActivation", null);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("version", str(r.lastActivation().version()));
            a.put("ok", r.lastActivation().ok());
            a.put("error", r.lastActivation().error());
            a.put("at", str(r.lastActivation().at()));
            m.put("lastActivation", a);
        }
        if (r.health() == null) {
            m.put("health", null);
        } else {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("ok", r.health().ok());
            h.put("detail", r.health().detail());
            h.put("at", str(r.health().at()));
            m.put("health", h);
        }
        return m;
    }

    public static String json(ModelReport r) {
        try {
            return JSON.writeValueAsString(wire(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelReport.Activation activation(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isObject() || !a.path("ok").isBoolean()) {
            throw new RegistryFailure.Invalid("models[].lastActivation must be an object with a boolean ok");
        }
        return new ModelReport.Activation(optionalDigest(a, "version"), a.get("ok").asBoolean(), cut(text(a, "error", false)),
                time(text(a, "at", false)));
    }

    private static ModelReport.Health health(JsonNode h) {
        if (h == null || h.isNull()) {
            return null;
        }
        if (!h.isObject() || !h.path("ok").isBoolean()) {
            throw new RegistryFailure.Invalid("models[].health must be an object with a boolean ok");
        }
        return new ModelReport.Health(h.get("ok").asBoolean(), cut(text(h, "detail", false)), time(text(h, "at", false)));
    }

    static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new RegistryFailure.Invalid("field " + field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new RegistryFailure.Invalid("field " + field + " must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    private static Digest optionalDigest(JsonNode n, String field) {
        String s = text(n, field, false);
        return s == null ? null : digest(s, field);
    }

    private static Digest digest(String s, String field) {
        try {
            return Digest.parse(s);
        } catch (InvalidDigestException e) {
            throw new RegistryFailure.Invalid(field + ": " + e.getMessage());
        }
    }

    private static RepositoryName name(String s) {
        try {
            return RepositoryName.parse(s);
        } catch (InvalidNameException e) {
            throw new RegistryFailure.Invalid("model: " + e.getMessage());
        }
    }

    private static Instant time(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new RegistryFailure.Invalid("'" + s + "' is not an RFC 3339 time");
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
