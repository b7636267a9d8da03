package io.lading.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lading.registry.channel.ChannelName;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.Labels;
import io.lading.registry.fleet.ModelReport;
import io.lading.registry.fleet.ReportJson;
import io.lading.registry.rollout.OnFailure;
import io.lading.registry.rollout.RolloutRequest;
import io.lading.registry.rollout.WaveSpec;
import io.lading.spec.name.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses control-plane request bodies (spec/control-plane.md) into validated values, or INVALID naming the field. */
final class ControlBodies {
    /** A heartbeat of 64 models with 64 cached versions each stays well under this. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_MODELS = 64;
    private static final int MAX_REASON = 1024;

    private ControlBodies() {
    }

    record Heartbeat(Labels labels, List<ModelReport> models) {
    }

    static JsonNode object(Context ctx, boolean emptyAllowed) {
        byte[] raw;
        try {
            raw = ctx.req().getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new Responses.ClientGone(e);
        }
        if (raw.length > MAX_BODY_BYTES) {
            throw new RegistryFailure.Invalid("request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (raw.length == 0 && emptyAllowed) {
            return Responses.JSON.createObjectNode();
        }
        try {
            JsonNode n = Responses.JSON.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new RegistryFailure.Invalid("request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new RegistryFailure.Invalid("request body is not JSON: " + e.getMessage());
        }
    }

    static Heartbeat heartbeat(JsonNode b) {
        JsonNode models = b.get("models");
        List<ModelReport> reports = new ArrayList<>();
        if (models != null && !models.isNull()) {
            if (!models.isArray() || models.size() > MAX_MODELS) {
                throw new RegistryFailure.Invalid("models must be an array of at most " + MAX_MODELS + " reports");
            }
            models.forEach(m -> reports.add(ReportJson.parse(m)));
        }
        return new Heartbeat(labels(b.get("labels"), "labels"), reports);
    }

    static Labels labels(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return Labels.NONE;
        }
        if (!n.isObject()) {
            throw new RegistryFailure.Invalid(field + " must be an object of string values");
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new RegistryFailure.Invalid(field + "." + e.getKey() + " must be a string");
            }
            m.put(e.getKey(), e.getValue().asText());
        });
        return new Labels(m);
    }

    static RolloutRequest rollout(JsonNode b) {
        List<WaveSpec> waves = new ArrayList<>();
        JsonNode w = b.get("waves");
        if (w != null && !w.isNull()) {
            if (!w.isArray()) {
                throw new RegistryFailure.Invalid("waves must be an array");
            }
            for (JsonNode n : w) {
                if (!n.isObject()) {
                    throw new RegistryFailure.Invalid("each wave must be an object");
                }
                waves.add(new WaveSpec(integer(n, "count"), integer(n, "percent"),
                        n.hasNonNull("label") ? labels(n.get("label"), "label") : null,
                        n.hasNonNull("bakeSeconds") ? integer(n, "bakeSeconds") : 0, n.hasNonNull("maxFailures") ? integer(n, "maxFailures") : 0));
            }
        }
        String channel = text(b, "channel");
        String onFailure = text(b, "onFailure");
        String target = text(b, "target");
        if (target == null) {
            throw new RegistryFailure.Invalid("field target (a digest or a tag) is required");
        }
        return new RolloutRequest(Requests.repository(required(b, "model")), channel == null ? ChannelName.PROD : ChannelName.parse(channel),
                Requests.reference(target), labels(b.get("selector"), "selector"), waves,
                onFailure == null ? OnFailure.PAUSE : OnFailure.parse(onFailure), reason(b));
    }

    static Reference version(JsonNode b) {
        return Requests.reference(required(b, "version"));
    }

    static String reason(JsonNode b) {
        String r = text(b, "reason");
        if (r != null && r.length() > MAX_REASON) {
            throw new RegistryFailure.Invalid("reason must be at most " + MAX_REASON + " characters");
        }
        return r;
    }

    private static String required(JsonNode b, String field) {
        String s = text(b, field);
        if (s == null) {
            throw new RegistryFailure.Invalid("field " + field + " is required");
        }
        return s;
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RegistryFailure.Invalid("field " + field + " must be a string");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new RegistryFailure.Invalid("field " + field + " must be an integer");
        }
        return v.asInt();
    }
}
