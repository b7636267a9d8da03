package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A rollout's status (spec/control-plane.md, {@code GET /lading/v1/rollouts/{id}}) as people read it: a header,
 * the prefetch, one bar per wave, the failed hosts; or as one line per change for logs.
 */
final class RolloutView {
    private static final int BAR_WIDTH = 30;

    private RolloutView() {
    }

    static boolean finished(JsonNode status) {
        String s = status.path("state").asText();
        return s.equals("completed") || s.equals("aborted") || s.equals("rolled_back");
    }

    /** The whole view, several lines. */
    static String full(JsonNode s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s  %s  channel %s  -> %s  %s%n", s.path("id").asText(), s.path("model").asText(),
                s.path("channel").asText(), LadingApiCall.shortDigest(s.path("target")), s.path("state").asText().toUpperCase(Locale.ROOT)));
        JsonNode p = s.path("prefetch");
        out.append(String.format(Locale.ROOT, "prefetch %s %d/%d hosts%n", bar(p.path("done").asInt(), p.path("hosts").asInt()),
                p.path("done").asInt(), p.path("hosts").asInt()));
        for (JsonNode w : s.path("waves")) {
            int hosts = w.path("hosts").asInt();
            out.append(String.format(Locale.ROOT, "wave %-3d %s %d/%d activated, %d healthy, %d failed (max %d), %d lost  %s%s%n",
                    w.path("index").asInt(), bar(w.path("activated").asInt(), hosts), w.path("activated").asInt(), hosts,
                    w.path("healthy").asInt(), w.path("failed").asInt(), w.path("maxFailures").asInt(), w.path("lost").asInt(),
                    w.path("state").asText(), w.path("bakeSeconds").asLong() > 0 ? "  bake " + w.path("bakeSeconds").asLong() + "s" : ""));
        }
        for (JsonNode f : s.path("failedHosts")) {
            out.append(String.format(Locale.ROOT, "failed  %s (wave %d): %s%n", f.path("hostId").asText(), f.path("wave").asInt(),
                    f.path("reason").asText()));
        }
        return out.toString().stripTrailing();
    }

    /** One line: what a log needs to follow a rollout. */
    static String line(JsonNode s) {
        StringBuilder out = new StringBuilder(s.path("id").asText() + " " + s.path("state").asText() + " wave "
                + s.path("currentWave").asInt() + "/" + s.path("waves").size() + " prefetch " + s.path("prefetch").path("done").asInt()
                + "/" + s.path("prefetch").path("hosts").asInt());
        for (JsonNode w : s.path("waves")) {
            out.append(String.format(Locale.ROOT, " | w%d %s %d/%d ok %d failed %d", w.path("index").asInt(), w.path("state").asText(),
                    w.path("activated").asInt(), w.path("hosts").asInt(), w.path("healthy").asInt(), w.path("failed").asInt()));
        }
        return out.toString();
    }

    static String bar(int done, int total) {
        int filled = total <= 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, (long) done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }
}
