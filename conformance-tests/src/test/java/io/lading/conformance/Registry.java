package io.lading.conformance;

import io.lading.registry.RegistryMain;
import io.lading.registry.RunningRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The registry under test, once per run. Given {@code -Dlading.registry.url=...} (or LADING_REGISTRY_URL),
 * any OCI registry, with optional credentials {@code lading.registry.user}/{@code lading.registry.password}.
 * Otherwise a Lading registry started in this JVM with access control on, used through a robot account
 * that may pull, push and delete under {@code conformance/} (so the suite also proves the token flow).
 */
final class Registry {
    private static Client client;
    private static boolean inProcess;

    private Registry() {
    }

    static synchronized Client client() {
        if (client == null) {
            String url = setting("lading.registry.url", "LADING_REGISTRY_URL");
            if (url != null) {
                client = new Client(URI.create(url), setting("lading.registry.user", "LADING_REGISTRY_USER"),
                        setting("lading.registry.password", "LADING_REGISTRY_PASSWORD"));
            } else {
                client = startLading();
                inProcess = true;
            }
        }
        return client;
    }

    /** True when the suite runs against a Lading registry it started itself. */
    static boolean isInProcessLading() {
        client();
        return inProcess;
    }

    private static Client startLading() {
        try {
            String adminPassword = UUID.randomUUID().toString();
            Path dataDir = Files.createTempDirectory("lading-conformance");
            List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0",
                    "--data-dir", dataDir.toString(), "--admin-password", adminPassword,
                    // Small chunks, so the chunk index test sees a blob span several of them.
                    "--chunk-size", Long.toString(1 << 20),
                    // Low referrer limits, so SignatureReferrersIT reaches them with a few pushes.
                    "--max-referrers-per-subject", Integer.toString(SignatureReferrersIT.MAX_REFERRERS),
                    "--max-signature-bundle-bytes", Integer.toString(SignatureReferrersIT.MAX_BUNDLE_BYTES)));
            String db = System.getenv().getOrDefault("LADING_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            String schema = "conf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            boolean external = reachable(db);
            if (external) {
                args.addAll(List.of("--database-url", db, "--database-user", "postgres", "--database-schema", schema));
            }
            RunningRegistry registry = RegistryMain.start(args.toArray(String[]::new));
            // One hook, so the schema and files go only after the registry has let go of them.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                registry.close();
                if (external) {
                    dropSchema(db, schema);
                }
                deleteTree(dataDir);
            }, "conformance-registry-stop"));
            return robot(registry.url(), adminPassword);
        } catch (Exception e) {
            throw new IllegalStateException("starting a Lading registry for the conformance tests failed: " + e.getMessage(), e);
        }
    }

    /** A robot that may pull, push and delete under conformance/, created through the admin API. */
    private static Client robot(URI url, String adminPassword) {
        Client admin = new Client(url, "admin", adminPassword);
        var robot = admin.send(admin.request("/lading/v1/admin/robots").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"conformance\"}")));
        String secret = Client.json(robot.body()).get("secret").asText();
        var grant = admin.send(admin.request("/lading/v1/admin/grants").POST(HttpRequest.BodyPublishers.ofString(
                "{\"principal\":\"conformance\",\"repository\":\"conformance/**\",\"actions\":[\"pull\",\"push\",\"delete\"]}")));
        if (grant.statusCode() != 201) {
            throw new IllegalStateException("could not grant the conformance robot: " + new String(grant.body()));
        }
        return new Client(url, "conformance", secret);
    }

    private static boolean reachable(String url) {
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs share one test database; each leaves no schema behind. */
    private static void dropSchema(String url, String schema) {
        try (var c = DriverManager.getConnection(url, "postgres", ""); var s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (Exception e) {
            System.err.println("conformance: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("conformance: could not delete " + root + ": " + e.getMessage());
        }
    }

    static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
