package io.lading.registry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Access control settings. {@code TOKEN} (the default) speaks the registry token flow; {@code NONE}
 * lets every request through and exists for benchmarks and local experiments only.
 */
public record AuthConfig(Mode mode, String issuer, String service, Duration tokenTtl, Duration keyRotation,
                         Optional<String> adminPassword, Optional<Path> oidcConfig, int loginFailuresPerMinute) {

    public enum Mode { TOKEN, NONE }

    public AuthConfig {
        if (tokenTtl.toSeconds() < 10 || tokenTtl.toHours() > 24) {
            throw new IllegalArgumentException("token lifetime must be between 10 s and 24 h, got " + tokenTtl);
        }
        if (keyRotation.compareTo(tokenTtl) <= 0) {
            throw new IllegalArgumentException("signing keys must live longer than the tokens they sign");
        }
        if (loginFailuresPerMinute < 1) {
            throw new IllegalArgumentException("login failures per minute must be at least 1");
        }
    }

    public static AuthConfig none() {
        return new AuthConfig(Mode.NONE, "lading", "lading-registry", Duration.ofMinutes(5), Duration.ofDays(1),
                Optional.empty(), Optional.empty(), 10);
    }
}
