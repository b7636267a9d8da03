package io.lading.puller.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's own view of request time: its {@code lading_http_requests_seconds} timer (count, sum, max per
 * endpoint, method and status) read from /metrics at both ends of the window. Set beside the client's
 * round trips it tells time spent in the server from time queued in the client or the kernel.
 */
final class RequestTimes {
    private static final Pattern LINE = Pattern.compile(
            "lading_http_requests_seconds_(count|sum|max)\\{([^}]*)} ([0-9.eE+-]+)");
    private static final Pattern TAG = Pattern.compile("(endpoint|method|status)=\"([^\"]*)\"");

    /** Totals of one endpoint+method+status at one moment. */
    record Totals(double count, double sumSeconds, double maxSeconds) {
    }

    static Map<String, Totals> parse(String metrics) {
        Map<String, double[]> acc = new TreeMap<>();
        if (metrics != null) {
            for (String line : metrics.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.lookingAt()) {
                    continue;
                }
                Matcher t = TAG.matcher(m.group(2));
                Map<String, String> tags = new TreeMap<>();
                while (t.find()) {
                    tags.put(t.group(1), t.group(2));
                }
                String key = tags.getOrDefault("method", "?") + " " + tags.getOrDefault("endpoint", "?") + " " + tags.getOrDefault("status", "?");
                double[] v = acc.computeIfAbsent(key, k -> new double[3]);
                double value = Double.parseDouble(m.group(3));
                switch (m.group(1)) {
                    case "count" -> v[0] = value;
                    case "sum" -> v[1] = value;
                    default -> v[2] = value;
                }
            }
        }
        Map<String, Totals> out = new TreeMap<>();
        acc.forEach((k, v) -> out.put(k, new Totals(v[0], v[1], v[2])));
        return out;
    }

    /** "PUT lading-hosts 200: 24000 requests, mean 3.1 ms, max 45.0 ms" for each key with requests in the window. */
    static Map<String, String> window(String before, String after) {
        Map<String, Totals> a = parse(before);
        Map<String, String> out = new TreeMap<>();
        parse(after).forEach((k, end) -> {
            Totals start = a.getOrDefault(k, new Totals(0, 0, 0));
            double n = end.count() - start.count();
            if (n > 0) {
                out.put(k, String.format("%.0f requests, mean %.2f ms, max %.2f ms (the timer's recent max)",
                        n, 1000 * (end.sumSeconds() - start.sumSeconds()) / n, 1000 * end.maxSeconds()));
            }
        });
        return out;
    }
}
