package io.lading.puller.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What kind of change a new desired state is, seen from one host, so that each held poll that answers is
 * matched with the registry-side event that caused it (a wave activates only some hosts; a channel move all
 * that no rollout holds).
 */
enum DesiredChange {
    /** A model's active version changed while a rollout selects the host: its wave activated (or rolled back). */
    WAVE,
    /** A model's active version changed with no rollout: the channel moved. */
    CHANNEL,
    /** A version appeared in prefetch: a rollout that selects the host started. */
    ROLLOUT_START,
    /** The rollout field went away with the active version unchanged: the rollout completed (or was aborted). */
    ROLLOUT_END,
    /** Anything else that changed the generation. */
    OTHER;

    /** The desired state of one model, as far as telling changes apart needs. */
    record ModelDesired(String active, String rollout, Set<String> prefetch) {
    }

    static Map<String, ModelDesired> models(JsonNode desired) {
        Map<String, ModelDesired> out = new HashMap<>();
        for (JsonNode m : desired.path("models")) {
            Set<String> prefetch = new HashSet<>();
            m.path("prefetch").forEach(p -> prefetch.add(p.asText()));
            out.put(m.path("model").asText(), new ModelDesired(text(m, "active"), text(m, "rollout"), prefetch));
        }
        return out;
    }

    /** Classifies the step from {@code before} to {@code after}; the strongest change wins (a wave over a prefetch). */
    static DesiredChange between(Map<String, ModelDesired> before, Map<String, ModelDesired> after) {
        DesiredChange found = OTHER;
        for (Map.Entry<String, ModelDesired> e : after.entrySet()) {
            ModelDesired was = before.get(e.getKey());
            ModelDesired now = e.getValue();
            if (was == null) {
                continue;
            }
            DesiredChange c = OTHER;
            if (!Objects.equals(was.active(), now.active()) && now.active() != null) {
                c = now.rollout() != null ? WAVE : CHANNEL;
            } else if (!was.prefetch().containsAll(now.prefetch())) {
                c = ROLLOUT_START;
            } else if (was.rollout() != null && now.rollout() == null) {
                c = ROLLOUT_END;
            }
            if (c.ordinal() < found.ordinal()) {
                found = c;
            }
        }
        return found;
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
