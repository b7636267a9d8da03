package io.lading.puller.client;

import io.lading.registry.RegistryMain;
import io.lading.registry.RunningRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real Lading registry in this JVM, with access control on: PostgreSQL at 127.0.0.1:5432 (or
 * LADING_TEST_DATABASE_URL) in a fresh schema, blobs in a temporary directory. Shared by the client and
 * CLI tests; never a mock of the server.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private final Path dataDir;
    private final java.util.List<String> args;
    private RunningRegistry running;

    private TestRegistry(Path dataDir, java.util.List<String> args, RunningRegistry running) {
        this.dataDir = dataDir;
        this.args = args;
        this.running = running;
    }

    /** A registry whose chunk index uses {@code chunkSize}-byte chunks. */
    public static TestRegistry start(long chunkSize) throws IOException {
        Path dir = Files.createTempDirectory("lading-registry-");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String url = System.getenv().getOrDefault("LADING_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--host", "127.0.0.1", "--port", "0",
                "--data-dir", dir.toString(), "--database-url", url, "--database-user", "postgres", "--database-schema", schema,
                "--auth", "token", "--admin-password", ADMIN_PASSWORD, "--chunk-size", Long.toString(chunkSize)));
        RunningRegistry running = RegistryMain.start(args.toArray(String[]::new));
        args.set(args.indexOf("--port") + 1, Integer.toString(running.url().getPort()));
        return new TestRegistry(dir, args, running);
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        String u = running.url().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** Stops the server, keeping its data and database, as an outage would. */
    public void stop() {
        running.close();
    }

    /** Starts it again on the same port, data and database, after {@link #stop()}. */
    public void restart() {
        running = RegistryMain.start(args.toArray(String[]::new));
    }

    /** The running server, for tests that need its components (minting tokens the server itself must refuse). */
    public RunningRegistry running() {
        return running;
    }

    public RegistryClient admin() {
        return new RegistryClient(url(), new Credentials(ADMIN, ADMIN_PASSWORD));
    }

    @Override
    public void close() throws IOException {
        running.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
