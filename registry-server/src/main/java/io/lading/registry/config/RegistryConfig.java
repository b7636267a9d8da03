package io.lading.registry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the registry needs to start. Built from flags, environment and a config file by
 * {@link io.lading.registry.RegistryMain}; see README.md for the reference of every setting.
 *
 * @param databaseUrl JDBC URL of the PostgreSQL to use; empty starts an embedded one under {@code dataDir/postgres}
 * @param databaseSchema schema to create and use inside that database; empty uses the default search path
 * @param uploadExpiry how long an upload session may receive nothing before it and its data are removed
 * @param tlsKeystore PKCS#12 keystore with the server's certificate and key; empty serves plain HTTP
 * @param referrerLimits how many referrers a subject may have, and how large a signature bundle may be
 * @param controlPlane lost-host timeout, rollout tick and prefetch timeout (spec/control-plane.md)
 */
public record RegistryConfig(String host, int port, Path dataDir,
                             Optional<String> databaseUrl, String databaseUser, String databasePassword,
                             Optional<String> databaseSchema, int databasePoolSize, long chunkSize,
                             Duration uploadExpiry, AuthConfig auth, Optional<Path> tlsKeystore, String tlsKeystorePassword,
                             ReferrerLimits referrerLimits, ControlPlaneConfig controlPlane) {

    public RegistryConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (chunkSize < 1024 * 1024) {
            throw new IllegalArgumentException("chunk size must be at least 1 MiB, got " + chunkSize);
        }
        if (databasePoolSize < 1) {
            throw new IllegalArgumentException("database pool size must be at least 1, got " + databasePoolSize);
        }
        if (uploadExpiry.isNegative() || uploadExpiry.isZero()) {
            throw new IllegalArgumentException("upload expiry must be positive, got " + uploadExpiry);
        }
        databaseSchema.ifPresent(s -> {
            if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("database schema must match [a-z_][a-z0-9_]*, got '" + s + "'");
            }
        });
        dataDir = dataDir.toAbsolutePath().normalize();
    }
}
