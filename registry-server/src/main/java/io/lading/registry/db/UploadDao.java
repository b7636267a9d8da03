package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.UPLOAD_SESSION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Upload sessions: which repository each belongs to and how many bytes it has committed. */
public final class UploadDao {

    public void insert(DSLContext tx, UUID id, long repositoryId) {
        tx.insertInto(UPLOAD_SESSION, UPLOAD_SESSION.ID, UPLOAD_SESSION.REPOSITORY_ID).values(id, repositoryId).execute();
    }

    /** Bytes committed so far, if the session exists and belongs to the repository. */
    public Optional<Long> committed(DSLContext tx, UUID id, long repositoryId) {
        return tx.select(UPLOAD_SESSION.COMMITTED).from(UPLOAD_SESSION)
                .where(UPLOAD_SESSION.ID.eq(id), UPLOAD_SESSION.REPOSITORY_ID.eq(repositoryId))
                .fetchOptional(UPLOAD_SESSION.COMMITTED);
    }

    /** Moves the session from {@code expected} to {@code next} bytes; false if another writer got there first. */
    public boolean advance(DSLContext tx, UUID id, long expected, long next) {
        return tx.update(UPLOAD_SESSION).set(UPLOAD_SESSION.COMMITTED, next).set(UPLOAD_SESSION.UPDATED_AT, OffsetDateTime.now())
                .where(UPLOAD_SESSION.ID.eq(id), UPLOAD_SESSION.COMMITTED.eq(expected)).execute() == 1;
    }

    /** Sessions that have received nothing since {@code cutoff}: abandoned by their clients. */
    public List<UUID> idleSince(DSLContext tx, OffsetDateTime cutoff) {
        return tx.select(UPLOAD_SESSION.ID).from(UPLOAD_SESSION).where(UPLOAD_SESSION.UPDATED_AT.lt(cutoff)).fetch(UPLOAD_SESSION.ID);
    }

    public boolean delete(DSLContext tx, UUID id) {
        return tx.deleteFrom(UPLOAD_SESSION).where(UPLOAD_SESSION.ID.eq(id)).execute() > 0;
    }
}
