package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.BLOB;
import static io.lading.registry.db.schema.Tables.REPOSITORY_BLOB;

import io.lading.spec.digest.Digest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The global blob set and the repository links through which a blob may be read. */
public final class BlobDao {

    /** A stored blob: its size and chunk index (chunk size and the concatenated sha256 of each chunk). */
    public record BlobRow(Digest digest, long size, long chunkSize, byte[] chunkDigests) {
    }

    public void insert(DSLContext tx, BlobRow row) {
        tx.insertInto(BLOB, BLOB.DIGEST, BLOB.SIZE, BLOB.CHUNK_SIZE, BLOB.CHUNK_DIGESTS)
                .values(row.digest().toString(), row.size(), row.chunkSize(), row.chunkDigests())
                .onConflict(BLOB.DIGEST).doNothing().execute();
    }

    public Optional<BlobRow> find(DSLContext tx, Digest digest) {
        return tx.select(BLOB.SIZE, BLOB.CHUNK_SIZE, BLOB.CHUNK_DIGESTS).from(BLOB).where(BLOB.DIGEST.eq(digest.toString()))
                .fetchOptional(r -> new BlobRow(digest, r.value1(), r.value2(), r.value3()));
    }

    /** The blob's size if {@code repositoryId} holds it. */
    public Optional<Long> sizeInRepository(DSLContext tx, long repositoryId, Digest digest) {
        return tx.select(BLOB.SIZE).from(REPOSITORY_BLOB).join(BLOB).on(BLOB.DIGEST.eq(REPOSITORY_BLOB.DIGEST))
                .where(REPOSITORY_BLOB.REPOSITORY_ID.eq(repositoryId), REPOSITORY_BLOB.DIGEST.eq(digest.toString()))
                .fetchOptional(BLOB.SIZE);
    }

    /** Names of the repositories that hold the blob. */
    public List<String> holders(DSLContext tx, Digest digest) {
        return tx.select(io.lading.registry.db.schema.Tables.REPOSITORY.NAME).from(REPOSITORY_BLOB)
                .join(io.lading.registry.db.schema.Tables.REPOSITORY).on(io.lading.registry.db.schema.Tables.REPOSITORY.ID.eq(REPOSITORY_BLOB.REPOSITORY_ID))
                .where(REPOSITORY_BLOB.DIGEST.eq(digest.toString())).fetch(io.lading.registry.db.schema.Tables.REPOSITORY.NAME);
    }

    public void link(DSLContext tx, long repositoryId, Digest digest) {
        tx.insertInto(REPOSITORY_BLOB, REPOSITORY_BLOB.REPOSITORY_ID, REPOSITORY_BLOB.DIGEST)
                .values(repositoryId, digest.toString()).onConflictDoNothing().execute();
    }

    public boolean unlink(DSLContext tx, long repositoryId, Digest digest) {
        return tx.deleteFrom(REPOSITORY_BLOB)
                .where(REPOSITORY_BLOB.REPOSITORY_ID.eq(repositoryId), REPOSITORY_BLOB.DIGEST.eq(digest.toString()))
                .execute() > 0;
    }

    /** Those of {@code digests} that the repository does not hold. */
    public List<String> missingFrom(DSLContext tx, long repositoryId, Collection<String> digests) {
        var held = tx.select(REPOSITORY_BLOB.DIGEST).from(REPOSITORY_BLOB)
                .where(REPOSITORY_BLOB.REPOSITORY_ID.eq(repositoryId), REPOSITORY_BLOB.DIGEST.in(digests))
                .fetchSet(REPOSITORY_BLOB.DIGEST);
        return digests.stream().filter(d -> !held.contains(d)).distinct().toList();
    }
}
