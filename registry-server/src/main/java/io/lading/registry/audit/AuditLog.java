package io.lading.registry.audit;

import io.lading.registry.db.AuditDao;
import io.lading.registry.db.Database;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what, to what, when and from where: every push, delete, tag move, grant change and refusal.
 * Written to PostgreSQL (listable through the admin API) and to the log.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("lading.audit");

    private final Database db;
    private final AuditDao events;

    public AuditLog(Database db, AuditDao events) {
        this.db = db;
        this.events = events;
    }

    public record Event(String actor, String action, String target, String outcome, String remote, String detail) {
    }

    public void record(Event e) {
        log.atInfo().addKeyValue("actor", e.actor()).addKeyValue("action", e.action()).addKeyValue("target", e.target())
                .addKeyValue("outcome", e.outcome()).addKeyValue("remote", e.remote()).log(e.detail() == null ? "" : e.detail());
        db.transaction(tx -> {
            events.insert(tx, e.actor(), e.action(), e.target(), e.outcome(), e.remote(), e.detail());
            return null;
        });
    }

    public List<AuditDao.EventRow> list(long afterId, int limit) {
        return db.transaction(tx -> events.list(tx, afterId, limit));
    }
}
