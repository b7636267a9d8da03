package io.lading.puller.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rollout control plane (spec/control-plane.md): present, it replaces tag following. {@code url} defaults
 * to the registry's; the daemon heartbeats every {@code heartbeatSeconds} and long-polls its desired state
 * for up to {@code waitSeconds}.
 */
public record ControlPlaneConfig(String url, Integer heartbeatSeconds, Integer waitSeconds) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** The contract caps a long poll at 60 s. */
    private static final int MAX_WAIT_SECONDS = 60;

    public Duration heartbeat() {
        return Duration.ofSeconds(heartbeatSeconds == null ? 5 : heartbeatSeconds);
    }

    public int waitSecondsOrDefault() {
        return waitSeconds == null ? 30 : waitSeconds;
    }

    void check() {
        if (url != null) {
            checkUrl("controlPlane.url", url);
        }
        if (heartbeatSeconds != null && heartbeatSeconds < 1) {
            throw new IllegalArgumentException("controlPlane.heartbeatSeconds must be at least 1, got " + heartbeatSeconds);
        }
        if (waitSeconds != null && (waitSeconds < 1 || waitSeconds > MAX_WAIT_SECONDS)) {
            throw new IllegalArgumentException("controlPlane.waitSeconds must be 1 to " + MAX_WAIT_SECONDS + ", got " + waitSeconds);
        }
    }

    private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,62}");
    /** The registry's limits on a host's labels (spec/control-plane.md, general rules). */
    private static final int MAX_LABELS = 32;
    private static final int MAX_LABEL_VALUE = 128;
    /** Reserved by the spec: it would make {@code .../channels/<model>/history} ambiguous. */
    static final String RESERVED_CHANNEL = "history";

    static void checkLabels(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("\"labels\" has " + labels.size() + " entries; the control plane takes at most " + MAX_LABELS);
        }
        labels.forEach((k, v) -> {
            if (!LABEL_KEY.matcher(k).matches() || v == null || v.length() > MAX_LABEL_VALUE) {
                throw new IllegalArgumentException("label " + k + "=" + v + ": keys must match [a-z0-9][a-z0-9._/-]{0,62}"
                        + " and values be at most " + MAX_LABEL_VALUE + " characters");
            }
        });
    }

    /** Host ids and channel names share one rule (spec/control-plane.md), checked before they reach a URL. */
    static String checkName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match [a-z0-9][a-z0-9._-]{0,62}, got '" + value + "'");
        }
        return value;
    }

    static void checkUrl(String what, String value) {
        if (!(value.startsWith("http://") || value.startsWith("https://"))) {
            throw new IllegalArgumentException("\"" + what + "\" must be an http(s) URL, got " + value);
        }
    }
}
