package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.FLEET_HOST;
import static io.lading.registry.db.schema.Tables.HOST_MODEL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;

/** Registered hosts and their last report per model (spec/control-plane.md, Hosts). */
public final class FleetDao {

    public record HostRow(String hostId, String labelsJson, Instant firstSeen, Instant lastSeen, Instant lostAt) {
    }

    public record ReportRow(String hostId, String model, String channel, String reportJson) {
    }

    /**
     * Lets this transaction commit without waiting for its WAL flush (PostgreSQL's synchronous_commit, for this
     * transaction only). A crash may lose it, never corrupt anything; for fleet flushes, whose heartbeats repeat, that is fine.
     */
    public void relaxDurability(DSLContext tx) {
        tx.execute("set local synchronous_commit to off");
    }

    /**
     * Writes hosts as the registry holds them in memory, in one statement: new ones are inserted, known ones get
     * their labels, last heartbeat and lost mark; first_seen never changes once written.
     */
    public void upsertHosts(DSLContext tx, Collection<HostRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(FLEET_HOST, FLEET_HOST.HOST_ID, FLEET_HOST.LABELS, FLEET_HOST.FIRST_SEEN, FLEET_HOST.LAST_SEEN,
                FLEET_HOST.LOST_AT);
        for (HostRow r : rows) {
            insert = insert.values(r.hostId(), r.labelsJson(), utc(r.firstSeen()), utc(r.lastSeen()), utc(r.lostAt()));
        }
        insert.onConflict(FLEET_HOST.HOST_ID).doUpdate()
                .set(FLEET_HOST.LABELS, org.jooq.impl.DSL.excluded(FLEET_HOST.LABELS))
                .set(FLEET_HOST.LAST_SEEN, org.jooq.impl.DSL.excluded(FLEET_HOST.LAST_SEEN))
                .set(FLEET_HOST.LOST_AT, org.jooq.impl.DSL.excluded(FLEET_HOST.LOST_AT))
                .execute();
    }

    /** Writes the reports that changed, in one statement. */
    public void upsertReports(DSLContext tx, Collection<ReportRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(HOST_MODEL, HOST_MODEL.HOST_ID, HOST_MODEL.MODEL, HOST_MODEL.CHANNEL, HOST_MODEL.REPORT, HOST_MODEL.UPDATED_AT);
        for (ReportRow r : rows) {
            insert = insert.values(r.hostId(), r.model(), r.channel(), r.reportJson(), utc(now));
        }
        insert.onConflict(HOST_MODEL.HOST_ID, HOST_MODEL.MODEL).doUpdate()
                .set(HOST_MODEL.CHANNEL, org.jooq.impl.DSL.excluded(HOST_MODEL.CHANNEL))
                .set(HOST_MODEL.REPORT, org.jooq.impl.DSL.excluded(HOST_MODEL.REPORT))
                .set(HOST_MODEL.UPDATED_AT, org.jooq.impl.DSL.excluded(HOST_MODEL.UPDATED_AT))
                .execute();
    }

    public void deleteReports(DSLContext tx, String hostId, Collection<String> models) {
        if (!models.isEmpty()) {
            tx.deleteFrom(HOST_MODEL).where(HOST_MODEL.HOST_ID.eq(hostId), HOST_MODEL.MODEL.in(models)).execute();
        }
    }

    public List<HostRow> hosts(DSLContext tx) {
        return tx.selectFrom(FLEET_HOST).fetch(r -> new HostRow(r.getHostId(), r.getLabels(), r.getFirstSeen().toInstant(),
                r.getLastSeen().toInstant(), r.getLostAt() == null ? null : r.getLostAt().toInstant()));
    }

    public List<ReportRow> reports(DSLContext tx) {
        return tx.selectFrom(HOST_MODEL).orderBy(HOST_MODEL.HOST_ID, HOST_MODEL.MODEL)
                .fetch(r -> new ReportRow(r.getHostId(), r.getModel(), r.getChannel(), r.getReport()));
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
