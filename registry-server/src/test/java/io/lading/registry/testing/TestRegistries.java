package io.lading.registry.testing;

import io.lading.registry.RegistryMain;
import io.lading.registry.RunningRegistry;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Starts real registries for tests: on the PostgreSQL at 127.0.0.1:5432 (or LADING_TEST_DATABASE_URL)
 * in a fresh schema per registry, or on an embedded PostgreSQL when no server answers.
 */
public final class TestRegistries {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static Boolean serverAvailable;

    private TestRegistries() {
    }

    /** A new schema name, so every registry a test starts sees an empty database. */
    public static String freshSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** Password of user admin in registries started with access control on. */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    /**
     * A registry with access control off unless {@code extra} says {@code --auth token}: most tests are about
     * the distribution API, and the access-control tests switch it on themselves.
     */
    public static RunningRegistry start(Path dataDir, String schema, String... extra) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(databaseArgs(schema));
        args.addAll(List.of(extra));
        if (!args.contains("--auth")) {
            args.addAll(List.of("--auth", "none"));
        }
        if (!args.contains("--admin-password")) {
            args.addAll(List.of("--admin-password", ADMIN_PASSWORD));
        }
        return RegistryMain.start(args.toArray(String[]::new));
    }

    public static RunningRegistry start(Path dataDir) {
        return start(dataDir, freshSchema());
    }

    static List<String> databaseArgs(String schema) {
        String url = databaseUrl();
        if (!serverReachable(url)) {
            return List.of();
        }
        return List.of("--database-url", url, "--database-user", "postgres", "--database-schema", schema);
    }

    public static String databaseUrl() {
        String env = System.getenv("LADING_TEST_DATABASE_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    private static synchronized boolean serverReachable(String url) {
        if (serverAvailable == null) {
            try (var c = DriverManager.getConnection(url, "postgres", "")) {
                serverAvailable = c.isValid(2);
            } catch (Exception e) {
                serverAvailable = false;
            }
        }
        return serverAvailable;
    }
}
