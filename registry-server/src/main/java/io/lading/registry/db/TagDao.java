package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.TAG;
import static io.lading.registry.db.schema.Tables.TAG_HISTORY;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.Tag;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Tags, and the history of every move, so "what did this tag point at" always has an answer. */
public final class TagDao {

    public Optional<Digest> resolve(DSLContext tx, long repositoryId, Tag tag) {
        return tx.select(TAG.MANIFEST_DIGEST).from(TAG).where(TAG.REPOSITORY_ID.eq(repositoryId), TAG.NAME.eq(tag.value()))
                .fetchOptional(r -> Digest.parse(r.value1()));
    }

    /** Points the tag at {@code digest}; locks the row so concurrent moves are recorded in order. */
    public void move(DSLContext tx, long repositoryId, Tag tag, Digest digest) {
        Optional<String> previous = tx.select(TAG.MANIFEST_DIGEST).from(TAG)
                .where(TAG.REPOSITORY_ID.eq(repositoryId), TAG.NAME.eq(tag.value())).forUpdate().fetchOptional(TAG.MANIFEST_DIGEST);
        if (previous.isPresent() && previous.get().equals(digest.toString())) {
            return;
        }
        tx.insertInto(TAG, TAG.REPOSITORY_ID, TAG.NAME, TAG.MANIFEST_DIGEST).values(repositoryId, tag.value(), digest.toString())
                .onConflict(TAG.REPOSITORY_ID, TAG.NAME).doUpdate()
                .set(TAG.MANIFEST_DIGEST, digest.toString()).set(TAG.UPDATED_AT, java.time.OffsetDateTime.now())
                .execute();
        recordMove(tx, repositoryId, tag.value(), previous.orElse(null), digest.toString());
    }

    public boolean delete(DSLContext tx, long repositoryId, Tag tag) {
        Optional<String> previous = tx.deleteFrom(TAG).where(TAG.REPOSITORY_ID.eq(repositoryId), TAG.NAME.eq(tag.value()))
                .returning(TAG.MANIFEST_DIGEST).fetchOptional(TAG.MANIFEST_DIGEST);
        previous.ifPresent(p -> recordMove(tx, repositoryId, tag.value(), p, null));
        return previous.isPresent();
    }

    /** Removes every tag that points at a deleted manifest, recording each removal. */
    public void deleteAllPointingAt(DSLContext tx, long repositoryId, Digest digest) {
        List<String> names = tx.deleteFrom(TAG).where(TAG.REPOSITORY_ID.eq(repositoryId), TAG.MANIFEST_DIGEST.eq(digest.toString()))
                .returning(TAG.NAME).fetch(TAG.NAME);
        names.forEach(n -> recordMove(tx, repositoryId, n, digest.toString(), null));
    }

    /** Up to {@code limit} tag names after {@code last}, in byte order as the spec asks for. */
    public List<String> page(DSLContext tx, long repositoryId, String last, int limit) {
        var byteOrder = ByteOrder.of(TAG.NAME);
        var where = TAG.REPOSITORY_ID.eq(repositoryId);
        if (last != null) {
            where = where.and(byteOrder.gt(last));
        }
        return tx.select(TAG.NAME).from(TAG).where(where).orderBy(byteOrder).limit(limit).fetch(TAG.NAME);
    }

    private void recordMove(DSLContext tx, long repositoryId, String tag, String previous, String next) {
        tx.insertInto(TAG_HISTORY, TAG_HISTORY.REPOSITORY_ID, TAG_HISTORY.NAME, TAG_HISTORY.PREVIOUS_DIGEST, TAG_HISTORY.MANIFEST_DIGEST)
                .values(repositoryId, tag, previous, next).execute();
    }
}
