package io.lading.puller.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --wave} of {@code lading rollout start}: {@code count=1,bake=60s,max-failures=0},
 * {@code percent=25,bake=5m} or {@code label.zone=eu-west-1a,max-failures=2}; exactly one of count, percent or
 * label keys, as spec/control-plane.md (Rollouts) requires. Turned into the wave object of the rollout request.
 */
record WaveSpec(Integer count, Integer percent, Map<String, String> label, long bakeSeconds, int maxFailures) {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");
    /** The contract allows at most 100 waves; a count beyond this many hosts is surely a typo. */
    private static final int MAX_COUNT = 1_000_000;

    WaveSpec {
        label = label == null ? null : Map.copyOf(label);
    }

    static WaveSpec parse(String text) {
        Integer count = null;
        Integer percent = null;
        Map<String, String> label = new LinkedHashMap<>();
        long bake = 0;
        int maxFailures = 0;
        if (text == null || text.isBlank()) {
            throw new CliFailure("--wave is empty; give e.g. count=1,bake=60s,max-failures=0 or percent=100");
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new CliFailure("--wave '" + text + "': '" + part + "' is not key=value");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            switch (key) {
                case "count" -> count = number(text, key, value, 1, MAX_COUNT);
                case "percent" -> percent = number(text, key, value, 1, 100);
                case "bake" -> bake = seconds(text, value);
                case "max-failures" -> maxFailures = number(text, key, value, 0, MAX_COUNT);
                default -> {
                    if (!key.startsWith("label.") || key.length() == "label.".length()) {
                        throw new CliFailure("--wave '" + text + "': unknown key '" + key
                                + "' (count, percent, label.<key>, bake, max-failures)");
                    }
                    label.put(key.substring("label.".length()), value);
                }
            }
        }
        int kinds = (count != null ? 1 : 0) + (percent != null ? 1 : 0) + (label.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            throw new CliFailure("--wave '" + text + "' needs exactly one of count=N, percent=P or label.<key>=<value>");
        }
        return new WaveSpec(count, percent, label.isEmpty() ? null : label, bake, maxFailures);
    }

    /** The wave as the rollout request carries it. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (count != null) {
            out.put("count", count);
        }
        if (percent != null) {
            out.put("percent", percent);
        }
        if (label != null) {
            out.put("label", label);
        }
        out.put("bakeSeconds", bakeSeconds);
        out.put("maxFailures", maxFailures);
        return out;
    }

    private static int number(String text, String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new CliFailure("--wave '" + text + "': " + key + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    /** {@code 90}, {@code 90s}, {@code 5m}, {@code 1h}: whole seconds (bake times are counted by a 1 s ticker). */
    static long seconds(String text, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || "ms".equals(m.group(2))) {
            throw new CliFailure("--wave '" + text + "': bake must be a duration such as 90s, 5m or 1h, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
