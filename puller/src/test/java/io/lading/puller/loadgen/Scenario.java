package io.lading.puller.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Annotations;
import io.lading.spec.manifest.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator's side of the run, through the same API an operator uses: pushes tiny model versions (raw
 * OCI calls), moves a channel, starts a rollout in waves, and afterwards reads back when the registry
 * committed each change (channel {@code movedAt}, rollout {@code createdAt}, each wave's {@code activatedAt},
 * the completion event) for {@link ChangeLog}.
 */
final class Scenario {
    static final String CHANNEL = "prod";
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    private final ControlPlaneClient client;
    private final Supplier<String> adminToken;
    private final ChangeLog log;
    final List<String> timeline = new ArrayList<>();

    Scenario(ControlPlaneClient client, Supplier<String> adminToken, ChangeLog log) {
        this.client = client;
        this.adminToken = adminToken;
        this.log = log;
    }

    /** Pushes a one-layer model version of a few bytes; returns its manifest digest. */
    String push(String repo, String tag) {
        String token = adminToken.get();
        byte[] layer = ("lading control-plane bench " + repo + ":" + tag + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String layerDigest = Digest.sha256Of(layer).toString();
        String configDigest = Digest.sha256Of(EMPTY_CONFIG).toString();
        client.putBlob(token, repo, configDigest, EMPTY_CONFIG);
        client.putBlob(token, repo, layerDigest, layer);
        ObjectNode m = ControlPlaneClient.JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST)
                .put("artifactType", MediaTypes.MODEL_ARTIFACT);
        m.putObject("config").put("mediaType", MediaTypes.OCI_EMPTY).put("digest", configDigest).put("size", EMPTY_CONFIG.length);
        ArrayNode layers = m.putArray("layers");
        layers.addObject().put("mediaType", MediaTypes.MODEL_WEIGHT_RAW).put("digest", layerDigest).put("size", layer.length)
                .putObject("annotations").put(Annotations.TITLE, "model.safetensors");
        byte[] manifest = ControlPlaneClient.bytes(m);
        client.putManifest(token, repo, tag, MediaTypes.OCI_MANIFEST, manifest);
        return Digest.sha256Of(manifest).toString();
    }

    /**
     * Moves {@code repo}'s prod channel; with a {@code why}, the change is logged for change-to-notify and counts
     * from the registry's {@code movedAt} (setup moves, before any host exists, pass null).
     */
    void moveChannel(String repo, String digest, String why) {
        long sent = Fleet.nowMicros();
        JsonNode moved = client.moveChannel(adminToken.get(), repo, CHANNEL, digest).require("move of " + repo + " " + CHANNEL);
        long acked = Fleet.nowMicros();
        long committed = committedMicros(moved.path("movedAt").asText(null), sent);
        if (why != null) {
            log.add(new ChangeLog.Change(DesiredChange.CHANNEL, why, committed));
        }
        timeline.add(String.format("channel %s %s -> %s: PUT took %.1f ms", repo, CHANNEL, shortDigest(digest), (acked - sent) / 1000.0));
    }

    /**
     * Starts a rollout of {@code target} to every host on the channel, one wave per entry of {@code waves}
     * ("10" hosts, "25%" of them cumulatively), each but the last baking {@code bakeSeconds}; returns its id.
     */
    String startRollout(String repo, String target, List<String> waves, int bakeSeconds) {
        ObjectNode r = ControlPlaneClient.JSON.createObjectNode().put("model", repo).put("channel", CHANNEL).put("target", target);
        r.putObject("selector");
        ArrayNode ws = r.putArray("waves");
        for (int i = 0; i < waves.size(); i++) {
            String w = waves.get(i).trim();
            ObjectNode wave = w.endsWith("%") ? ws.addObject().put("percent", Integer.parseInt(w.substring(0, w.length() - 1)))
                    : ws.addObject().put("count", Integer.parseInt(w));
            wave.put("bakeSeconds", i == waves.size() - 1 ? 0 : bakeSeconds).put("maxFailures", 0);
        }
        r.put("onFailure", "pause");
        long sent = Fleet.nowMicros();
        JsonNode status = client.startRollout(adminToken.get(), r).require("rollout of " + repo);
        timeline.add(String.format("rollout %s of %s started: POST took %.1f ms", status.path("id").asText(), shortDigest(target),
                (Fleet.nowMicros() - sent) / 1000.0));
        return status.path("id").asText();
    }

    JsonNode rollout(String id) {
        return client.rollout(adminToken.get(), id).require("rollout " + id);
    }

    /** Records the rollout's start, each activated wave and its end, from the registry's own timestamps. */
    void recordRollout(String id) {
        JsonNode s = rollout(id);
        String created = s.path("createdAt").asText(null);
        if (created != null) {
            log.add(new ChangeLog.Change(DesiredChange.ROLLOUT_START, "rollout " + id + " start (prefetch)", committedMicros(created, 0)));
        }
        for (JsonNode w : s.path("waves")) {
            String at = w.path("activatedAt").asText(null);
            if (at != null && !at.isEmpty() && !w.path("activatedAt").isNull()) {
                log.add(new ChangeLog.Change(DesiredChange.WAVE, "rollout " + id + " wave " + w.path("index").asText()
                        + " (" + w.path("hosts").asText() + " hosts)", committedMicros(at, 0)));
            }
        }
        String finished = s.path("finishedAt").isTextual() ? s.get("finishedAt").asText() : null;
        if (finished != null) {
            log.add(new ChangeLog.Change(DesiredChange.ROLLOUT_END, "rollout " + id + " " + s.path("state").asText(), committedMicros(finished, 0)));
        }
        timeline.add("rollout " + id + " state " + s.path("state").asText() + ", current wave " + s.path("currentWave").asText()
                + ", versions " + s.path("versions"));
    }

    /**
     * The registry's timestamp in epoch microseconds. A timestamp without a fraction of a second is too coarse
     * to measure milliseconds from; then the time the request was sent stands in (an over-estimate).
     */
    static long committedMicros(String rfc3339, long fallbackMicros) {
        if (rfc3339 == null || (!rfc3339.contains(".") && fallbackMicros > 0)) {
            return fallbackMicros;
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(rfc3339));
    }

    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
