package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.BLOB;
import static io.lading.registry.db.schema.Tables.PEER;
import static io.lading.registry.db.schema.Tables.PEER_BLOB;
import static io.lading.registry.db.schema.Tables.REPOSITORY_BLOB;

import io.lading.spec.digest.Digest;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * The LAN peer tracker's tables (migrations/V4__peer_tracker.sql): peers with their expiry, and what each holds.
 * Expiry is always compared with the database's clock, so every registry replica on one database agrees.
 */
public final class PeerDao {
    private static final Field<OffsetDateTime> NOW = DSL.currentOffsetDateTime();
    private static final Field<Boolean> LIVE = DSL.field(PEER.EXPIRES_AT.gt(NOW));

    /** A peer as the tracker has it; {@code live} is false once it has missed its heartbeats. */
    public record PeerRow(PeerId id, String owner, boolean live) {
    }

    /** The size and chunk count of a blob a repository holds. */
    public record BlobShape(long size, int chunkCount) {
    }

    /** A live peer that holds or wants a blob, with its chunk bitset as stored. */
    public record HolderRow(PeerId id, String url, PeerLabels labels, boolean complete, byte[] chunks) {
    }

    /** The peer, locked until the transaction ends, so a join or leave decides on a state nobody else changes. */
    public Optional<PeerRow> lock(DSLContext tx, PeerId id) {
        return find(tx, id, true);
    }

    public Optional<PeerRow> find(DSLContext tx, PeerId id) {
        return find(tx, id, false);
    }

    private Optional<PeerRow> find(DSLContext tx, PeerId id, boolean lock) {
        var query = tx.select(PEER.OWNER, LIVE).from(PEER).where(PEER.ID.eq(id.value()));
        return (lock ? query.forUpdate() : query).fetchOptional(r -> new PeerRow(id, r.value1(), r.value2()));
    }

    /**
     * Joins the peer or renews it: its URL, labels and owner, offered until {@code expiry} from now. False, and nothing
     * changed, when the id is live and owned by another: so two accounts joining one new id at once cannot both win.
     */
    public boolean upsert(DSLContext tx, PeerId id, String url, PeerLabels labels, String owner, Duration expiry) {
        Field<OffsetDateTime> expires = expiresAfter(expiry);
        return tx.insertInto(PEER, PEER.ID, PEER.URL, PEER.REGION, PEER.ZONE, PEER.RACK, PEER.OWNER, PEER.EXPIRES_AT)
                .values(DSL.val(id.value()), DSL.val(url), DSL.val(labels.region()), DSL.val(labels.zone()), DSL.val(labels.rack()),
                        DSL.val(owner), expires)
                .onConflict(PEER.ID).doUpdate()
                .set(PEER.URL, url).set(PEER.REGION, labels.region()).set(PEER.ZONE, labels.zone()).set(PEER.RACK, labels.rack())
                .set(PEER.OWNER, owner).set(PEER.EXPIRES_AT, expires)
                .where(PEER.OWNER.eq(owner).or(PEER.EXPIRES_AT.le(NOW)))
                .execute() == 1;
    }

    /** Extends a live peer's expiry if {@code owner} owns it; false if it is unknown, expired or someone else's. */
    public boolean touch(DSLContext tx, PeerId id, String owner, Duration expiry) {
        return tx.update(PEER).set(PEER.EXPIRES_AT, expiresAfter(expiry))
                .where(PEER.ID.eq(id.value()), PEER.OWNER.eq(owner), PEER.EXPIRES_AT.gt(NOW)).execute() == 1;
    }

    public boolean holdsAnything(DSLContext tx, PeerId id) {
        return tx.fetchExists(PEER_BLOB, PEER_BLOB.PEER_ID.eq(id.value()));
    }

    public void forgetBlobs(DSLContext tx, PeerId id) {
        tx.deleteFrom(PEER_BLOB).where(PEER_BLOB.PEER_ID.eq(id.value())).execute();
    }

    /** Removes the peer and, by cascade, everything it announced. */
    public void delete(DSLContext tx, PeerId id) {
        tx.deleteFrom(PEER).where(PEER.ID.eq(id.value())).execute();
    }

    /** Size and chunk count of those of {@code digests} that the repository holds; the others are absent. */
    public Map<String, BlobShape> shapesInRepository(DSLContext tx, long repositoryId, Collection<String> digests) {
        // The chunk index stores 32 bytes per chunk; its length is all the tracker needs of it.
        Field<Integer> chunkBytes = DSL.field("octet_length({0})", Integer.class, BLOB.CHUNK_DIGESTS);
        return tx.select(BLOB.DIGEST, BLOB.SIZE, chunkBytes).from(REPOSITORY_BLOB).join(BLOB).on(BLOB.DIGEST.eq(REPOSITORY_BLOB.DIGEST))
                .where(REPOSITORY_BLOB.REPOSITORY_ID.eq(repositoryId), REPOSITORY_BLOB.DIGEST.in(digests))
                .fetchMap(BLOB.DIGEST, r -> new BlobShape(r.value2(), r.value3() / 32));
    }

    /**
     * One upsert of (peer, blob): with {@code replace} the bitset and completeness replace what is stored, otherwise
     * they are or-ed into it (lading_bitset_or, in the migration), so announces may carry only new chunks.
     */
    public Query upsertBlob(DSLContext tx, PeerId peer, Digest digest, boolean complete, byte[] chunks, boolean replace) {
        Field<Boolean> mergedComplete = replace ? DSL.excluded(PEER_BLOB.COMPLETE)
                : DSL.field("{0} or {1}", Boolean.class, PEER_BLOB.COMPLETE, DSL.excluded(PEER_BLOB.COMPLETE));
        Field<byte[]> mergedChunks = replace ? DSL.excluded(PEER_BLOB.CHUNKS)
                : DSL.function("lading_bitset_or", byte[].class, PEER_BLOB.CHUNKS, DSL.excluded(PEER_BLOB.CHUNKS));
        return tx.insertInto(PEER_BLOB, PEER_BLOB.PEER_ID, PEER_BLOB.DIGEST, PEER_BLOB.COMPLETE, PEER_BLOB.CHUNKS)
                .values(peer.value(), digest.toString(), complete, chunks)
                .onConflict(PEER_BLOB.PEER_ID, PEER_BLOB.DIGEST).doUpdate()
                .set(PEER_BLOB.COMPLETE, mergedComplete).set(PEER_BLOB.CHUNKS, mergedChunks).set(PEER_BLOB.UPDATED_AT, NOW);
    }

    public Query removeBlob(DSLContext tx, PeerId peer, Digest digest) {
        return tx.deleteFrom(PEER_BLOB).where(PEER_BLOB.PEER_ID.eq(peer.value()), PEER_BLOB.DIGEST.eq(digest.toString()));
    }

    /** The labels of a live peer. */
    public Optional<PeerLabels> liveLabels(DSLContext tx, PeerId id) {
        return tx.select(PEER.REGION, PEER.ZONE, PEER.RACK).from(PEER).where(PEER.ID.eq(id.value()), PEER.EXPIRES_AT.gt(NOW))
                .fetchOptional(r -> new PeerLabels(r.value1(), r.value2(), r.value3()));
    }

    /** Every live peer that holds or wants the blob, except {@code except} (the asker), in no particular order. */
    public List<HolderRow> holders(DSLContext tx, Digest digest, Optional<PeerId> except) {
        var where = PEER_BLOB.DIGEST.eq(digest.toString()).and(PEER.EXPIRES_AT.gt(NOW));
        if (except.isPresent()) {
            where = where.and(PEER.ID.ne(except.get().value()));
        }
        return tx.select(PEER.ID, PEER.URL, PEER.REGION, PEER.ZONE, PEER.RACK, PEER_BLOB.COMPLETE, PEER_BLOB.CHUNKS)
                .from(PEER_BLOB).join(PEER).on(PEER.ID.eq(PEER_BLOB.PEER_ID)).where(where)
                .fetch(r -> new HolderRow(PeerId.parse(r.value1()), r.value2(), new PeerLabels(r.value3(), r.value4(), r.value5()),
                        r.value6(), r.value7()));
    }

    /** Deletes peers (and their blobs) expired for longer than {@code grace}; returns how many. */
    public int deleteExpired(DSLContext tx, Duration grace) {
        return tx.deleteFrom(PEER).where(PEER.EXPIRES_AT.lt(NOW.minus(seconds(grace)))).execute();
    }

    public int countLive(DSLContext tx) {
        return tx.fetchCount(PEER, PEER.EXPIRES_AT.gt(NOW));
    }

    private static Field<OffsetDateTime> expiresAfter(Duration expiry) {
        return NOW.plus(seconds(expiry));
    }

    private static Field<org.jooq.types.DayToSecond> seconds(Duration d) {
        return DSL.val(org.jooq.types.DayToSecond.valueOf(d));
    }
}
