package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.db.Database;
import io.lading.registry.metrics.RegistryMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Probes and metrics for operators: liveness, readiness (database and disk) and Prometheus. */
final class OpsHandlers {
    private final Database db;
    private final Path dataDir;
    private final RegistryMetrics metrics;

    OpsHandlers(Database db, Path dataDir, RegistryMetrics metrics) {
        this.db = db;
        this.dataDir = dataDir;
        this.metrics = metrics;
    }

    void healthz(Context ctx) {
        Responses.bytes(ctx, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Ready only when it can do its job: the database answers and the data directory takes writes. */
    void readyz(Context ctx) {
        boolean database = db.isReachable();
        boolean disk = Files.isWritable(dataDir);
        int status = database && disk ? 200 : 503;
        Responses.json(ctx, status, "application/json", Map.of("database", database, "dataDirWritable", disk));
    }

    void metrics(Context ctx) {
        Responses.bytes(ctx, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
