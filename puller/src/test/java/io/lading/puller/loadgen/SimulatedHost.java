package io.lading.puller.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What one puller reports and how it reacts to its desired state, without any files: a prefetched version
 * is "cached" at once, a desired active version is "activated" at once and reported healthy. That is the
 * fastest a real puller could follow, so rollouts move as fast as the registry lets them.
 * The heartbeat body is the one spec/control-plane.md describes (labels, two models, a few cached versions).
 */
final class SimulatedHost {
    /** How many versions a host keeps in its cache; older ones are evicted, as the puller's gc would. */
    private static final int CACHED_VERSIONS = 4;
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    final String hostId;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, ModelState> models = new LinkedHashMap<>();
    private String generation;
    private Map<String, DesiredChange.ModelDesired> lastDesired;

    private static final class ModelState {
        final String model;
        final String channel;
        String active;
        String previous;
        final LinkedHashSet<String> cached = new LinkedHashSet<>();
        String lastActivated;
        Instant lastActivationAt;

        ModelState(String model, String channel) {
            this.model = model;
            this.channel = channel;
        }
    }

    /**
     * Host number {@code index} of the fleet, with labels spread over 3 regions, 6 zones and 40 racks, running
     * every model in {@code startVersions} (model to its versions, oldest first; the last one active) on channel prod.
     */
    SimulatedHost(int index, Map<String, List<String>> startVersions) {
        this.hostId = String.format("bench-gpu-%04d", index);
        String region = REGIONS[index % REGIONS.length];
        labels.put("region", region);
        labels.put("zone", region + "-1" + (char) ('a' + (index / REGIONS.length) % 2));
        labels.put("rack", "r" + (index % 40));
        labels.put("pool", "serving");
        labels.put("gpu", "h100");
        Instant now = Instant.now();
        startVersions.forEach((model, versions) -> {
            ModelState s = new ModelState(model, "prod");
            s.cached.addAll(versions);
            s.active = versions.getLast();
            s.previous = versions.size() > 1 ? versions.get(versions.size() - 2) : null;
            s.lastActivated = s.active;
            s.lastActivationAt = now;
            models.put(model, s);
        });
    }

    synchronized String generation() {
        return generation;
    }

    synchronized String active(String model) {
        return models.get(model).active;
    }

    synchronized byte[] heartbeatBody() {
        ObjectNode body = ControlPlaneClient.JSON.createObjectNode();
        ObjectNode l = body.putObject("labels");
        labels.forEach(l::put);
        ArrayNode ms = body.putArray("models");
        Instant now = Instant.now();
        for (ModelState s : models.values()) {
            ObjectNode m = ms.addObject();
            m.put("model", s.model).put("channel", s.channel).put("active", s.active).put("previous", s.previous);
            ArrayNode cached = m.putArray("cached");
            s.cached.forEach(cached::add);
            m.put("state", "idle").putNull("error");
            if (s.lastActivated != null) {
                m.putObject("lastActivation").put("version", s.lastActivated).put("ok", true).putNull("error")
                        .put("at", s.lastActivationAt.toString());
            } else {
                m.putNull("lastActivation");
            }
            m.putObject("health").put("ok", true).put("detail", "200 from http://127.0.0.1:8000/health").put("at", now.toString());
        }
        return ControlPlaneClient.bytes(body);
    }

    /**
     * Follows a desired-state answer: caches every prefetch version, activates {@code active} when it differs
     * (a null active means "keep what is active"). Returns what kind of change a new generation brought, or
     * null when the generation is the one the host already had (or this is the first answer).
     */
    synchronized DesiredChange follow(JsonNode desired) {
        String g = desired.path("generation").asText(null);
        Map<String, DesiredChange.ModelDesired> wanted = DesiredChange.models(desired);
        DesiredChange change = g == null || g.equals(generation) || lastDesired == null ? null : DesiredChange.between(lastDesired, wanted);
        generation = g;
        lastDesired = wanted;
        Instant now = Instant.now();
        for (JsonNode m : desired.path("models")) {
            ModelState s = models.get(m.path("model").asText());
            if (s == null) {
                continue;
            }
            for (JsonNode p : m.path("prefetch")) {
                cache(s, p.asText());
            }
            String active = m.path("active").isTextual() ? m.get("active").asText() : null;
            if (active != null && !active.equals(s.active)) {
                cache(s, active);
                s.previous = s.active;
                s.active = active;
                s.lastActivated = active;
                s.lastActivationAt = now;
            }
        }
        return change;
    }

    private static void cache(ModelState s, String version) {
        s.cached.remove(version);
        s.cached.add(version);
        List<String> evictable = new ArrayList<>(s.cached);
        for (String v : evictable) {
            if (s.cached.size() <= CACHED_VERSIONS) {
                break;
            }
            if (!v.equals(s.active) && !v.equals(s.previous) && !v.equals(version)) {
                s.cached.remove(v);
            }
        }
    }
}
