package io.lading.registry.control;

import static io.lading.registry.control.ControlClient.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats live in memory and reach PostgreSQL in batches (Fleet.flush, every 500 ms): what a host has cached
 * and active is in the database within a flush period, and so survives a restart; a report that changed only in
 * its health probe's time is not rewritten.
 */
class FleetFlushIT {
    private static final String MODEL = "models/flush";
    private static final Duration WITHIN_A_FLUSH = Duration.ofSeconds(5);

    @Test
    void theReportsOfABeatAreFlushedWhileTheRegistryRuns_andARestartKeepsThem() {
        Path dir = SecuredRegistry.tempDir();
        String schema = TestRegistries.freshSchema();
        ControlClient c;
        Digest v1;
        Digest v2;
        try (SecuredRegistry first = new SecuredRegistry(dir, schema)) {
            c = new ControlClient(first);
            v1 = c.pushVersion(MODEL, "v1");
            v2 = c.pushVersion(MODEL, "v2");
            for (int i = 0; i < 3; i++) {
                beat(c, "fl-" + i, v1, "[\"" + v1 + "\",\"" + v2 + "\"]", "2026-11-30T04:00:00Z");
            }
            // Read from PostgreSQL while the registry still runs: the periodic flush wrote them, not the one at close.
            await("3 reports in the database", WITHIN_A_FLUSH, () -> count(schema, "select count(*) from host_model") == 3);
            assertEquals(3, count(schema, "select count(*) from fleet_host where lost_at is null"));
        }
        try (SecuredRegistry second = new SecuredRegistry(dir, schema)) {
            ControlClient c2 = c.on(second);
            JsonNode host = c2.expect(200, "GET", "/lading/v1/hosts/fl-1", null, c2.hostToken(MODEL));
            JsonNode report = host.get("models").get(0);
            assertEquals(v1.toString(), report.get("active").asText());
            assertEquals(2, report.get("cached").size());
            assertEquals(v2.toString(), report.get("cached").get(1).asText());
            assertFalse(host.get("lost").asBoolean());
        }
    }

    @Test
    void aBeatThatChangesOnlyTheProbeTime_movesLastSeenButDoesNotRewriteTheReport() throws Exception {
        String schema = TestRegistries.freshSchema();
        try (SecuredRegistry r = new SecuredRegistry(SecuredRegistry.tempDir(), schema)) {
            ControlClient c = new ControlClient(r);
            Digest v1 = c.pushVersion(MODEL, "v1");
            Digest v2 = c.pushVersion(MODEL, "v2");
            beat(c, "probe-0", v1, "[\"" + v1 + "\"]", "2026-11-30T04:00:00Z");
            await("the report in the database", WITHIN_A_FLUSH, () -> count(schema, "select count(*) from host_model") == 1);
            OffsetDateTime written = time(schema, "select updated_at from host_model");
            OffsetDateTime seen = time(schema, "select last_seen from fleet_host");

            Thread.sleep(50);
            beat(c, "probe-0", v1, "[\"" + v1 + "\"]", "2026-11-30T04:00:05Z");
            await("last_seen moved", WITHIN_A_FLUSH, () -> time(schema, "select last_seen from fleet_host").isAfter(seen));
            assertEquals(written, time(schema, "select updated_at from host_model"), "same report but the probe time: not rewritten");

            beat(c, "probe-0", v1, "[\"" + v1 + "\",\"" + v2 + "\"]", "2026-11-30T04:00:10Z");
            await("the new cached version in the database", WITHIN_A_FLUSH,
                    () -> count(schema, "select count(*) from host_model where report like '%" + v2.hex() + "%'") == 1);
        }
    }

    private static void beat(ControlClient c, String host, Digest active, String cachedJson, String probeAt) {
        String body = """
            {"labels":{"pool":"serving"},"models":[{"model":"%s","channel":"prod","active":"%s","cached":%s,"state":"idle",
             "health":{"ok":true,"detail":"200 from /health","at":"%s"}}]}""".formatted(MODEL, active, cachedJson, probeAt);
        c.expect(200, "PUT", "/lading/v1/hosts/" + host, body, c.hostToken(MODEL));
    }

    private static Connection connect(String schema) throws SQLException {
        Connection conn = DriverManager.getConnection(TestRegistries.databaseUrl(), "postgres", "");
        conn.createStatement().execute("set search_path to " + schema);
        return conn;
    }

    private static long count(String schema, String sql) {
        try (Connection conn = connect(schema); var rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime time(String schema, String sql) {
        try (Connection conn = connect(schema); var rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
