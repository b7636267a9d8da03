package io.lading.registry.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the control plane (spec/control-plane.md).
 *
 * @param hostLostAfter a host silent this long is marked lost ({@code --host-lost-after})
 * @param rolloutTick how often rollouts are stepped and lost hosts looked for ({@code --rollout-tick})
 * @param prefetchTimeout how long wave 1 waits for every host to cache the target ({@code --rollout-prefetch-timeout})
 */
public record ControlPlaneConfig(Duration hostLostAfter, Duration rolloutTick, Duration prefetchTimeout) {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

    public ControlPlaneConfig {
        if (hostLostAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("--host-lost-after must be at least 1s, got " + hostLostAfter);
        }
        if (rolloutTick.toMillis() < 10 || rolloutTick.toSeconds() > 60) {
            throw new IllegalArgumentException("--rollout-tick must be between 10ms and 60s, got " + rolloutTick);
        }
        if (prefetchTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("--rollout-prefetch-timeout must be at least 1s, got " + prefetchTimeout);
        }
    }

    public static ControlPlaneConfig defaults() {
        return new ControlPlaneConfig(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(30));
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    public static Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a duration such as 500ms, 30s, 5m or 1h, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
