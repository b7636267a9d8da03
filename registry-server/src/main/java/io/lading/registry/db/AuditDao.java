package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.AUDIT_EVENT;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/** The append-only audit log. */
public final class AuditDao {

    public record EventRow(long id, OffsetDateTime at, String actor, String action, String target, String outcome,
                           String remote, String detail) {
    }

    public void insert(DSLContext tx, String actor, String action, String target, String outcome, String remote, String detail) {
        tx.insertInto(AUDIT_EVENT, AUDIT_EVENT.ACTOR, AUDIT_EVENT.ACTION, AUDIT_EVENT.TARGET, AUDIT_EVENT.OUTCOME,
                AUDIT_EVENT.REMOTE, AUDIT_EVENT.DETAIL).values(actor, action, target, outcome, remote, detail).execute();
    }

    /** Events after id {@code afterId}, oldest first, at most {@code limit}. */
    public List<EventRow> list(DSLContext tx, long afterId, int limit) {
        return tx.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.ID.gt(afterId)).orderBy(AUDIT_EVENT.ID).limit(limit)
                .fetch(r -> new EventRow(r.getId(), r.getAt(), r.getActor(), r.getAction(), r.getTarget(), r.getOutcome(),
                        r.getRemote(), r.getDetail()));
    }
}
