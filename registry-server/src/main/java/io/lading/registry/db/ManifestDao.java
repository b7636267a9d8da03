package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.MANIFEST;
import static io.lading.registry.db.schema.Tables.MANIFEST_REFERENCE;

import io.lading.spec.digest.Digest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Manifests as pushed (exact bytes), and what each one references. */
public final class ManifestDao {

    /** What a manifest points at, recorded so that garbage collection can be exact. */
    public enum ReferenceKind { BLOB, MANIFEST, SUBJECT }

    public record Reference(ReferenceKind kind, String target) {
    }

    public record ManifestRow(Digest digest, String mediaType, String artifactType, byte[] content,
                              String subjectDigest, String annotationsJson) {
    }

    /** A referrer as the referrers API lists it. */
    public record ReferrerRow(String digest, String mediaType, String artifactType, long size, String annotationsJson) {
    }

    /** Stores the manifest unless the repository already has these exact bytes; returns whether it was new. */
    public boolean insert(DSLContext tx, long repositoryId, ManifestRow row, List<Reference> references) {
        int inserted = tx.insertInto(MANIFEST, MANIFEST.REPOSITORY_ID, MANIFEST.DIGEST, MANIFEST.MEDIA_TYPE,
                        MANIFEST.ARTIFACT_TYPE, MANIFEST.SIZE, MANIFEST.CONTENT, MANIFEST.SUBJECT_DIGEST, MANIFEST.ANNOTATIONS)
                .values(repositoryId, row.digest().toString(), row.mediaType(), row.artifactType(),
                        (long) row.content().length, row.content(), row.subjectDigest(), row.annotationsJson())
                .onConflictDoNothing().execute();
        if (inserted == 0) {
            return false;
        }
        var insert = tx.insertInto(MANIFEST_REFERENCE, MANIFEST_REFERENCE.REPOSITORY_ID, MANIFEST_REFERENCE.MANIFEST_DIGEST,
                MANIFEST_REFERENCE.KIND, MANIFEST_REFERENCE.TARGET_DIGEST);
        for (Reference r : references) {
            insert = insert.values(repositoryId, row.digest().toString(), r.kind().name().toLowerCase(), r.target());
        }
        if (!references.isEmpty()) {
            insert.onConflictDoNothing().execute();
        }
        return true;
    }

    public Optional<ManifestRow> find(DSLContext tx, long repositoryId, Digest digest) {
        return tx.select(MANIFEST.MEDIA_TYPE, MANIFEST.ARTIFACT_TYPE, MANIFEST.CONTENT, MANIFEST.SUBJECT_DIGEST, MANIFEST.ANNOTATIONS)
                .from(MANIFEST)
                .where(MANIFEST.REPOSITORY_ID.eq(repositoryId), MANIFEST.DIGEST.eq(digest.toString()))
                .fetchOptional(r -> new ManifestRow(digest, r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    public boolean delete(DSLContext tx, long repositoryId, Digest digest) {
        return tx.deleteFrom(MANIFEST).where(MANIFEST.REPOSITORY_ID.eq(repositoryId), MANIFEST.DIGEST.eq(digest.toString()))
                .execute() > 0;
    }

    /** Those of {@code digests} that are not manifests of the repository. */
    public List<String> missingFrom(DSLContext tx, long repositoryId, Collection<String> digests) {
        var held = tx.select(MANIFEST.DIGEST).from(MANIFEST)
                .where(MANIFEST.REPOSITORY_ID.eq(repositoryId), MANIFEST.DIGEST.in(digests)).fetchSet(MANIFEST.DIGEST);
        return digests.stream().filter(d -> !held.contains(d)).distinct().toList();
    }

    /**
     * Serialises pushes of referrers of one subject until the transaction ends, so a limit on them holds.
     * (Today {@link RepositoryDao#ensure} already locks the repository row for the push; this keeps the limit
     * correct without relying on that.)
     */
    public void lockSubject(DSLContext tx, long repositoryId, String subject) {
        tx.fetch("select pg_advisory_xact_lock(hashtextextended(?, 0))", repositoryId + " " + subject);
    }

    /** How many manifests of the repository have {@code subject} as their subject. */
    public int countReferrers(DSLContext tx, long repositoryId, String subject) {
        return tx.fetchCount(MANIFEST, MANIFEST.REPOSITORY_ID.eq(repositoryId), MANIFEST.SUBJECT_DIGEST.eq(subject));
    }

    /** Manifests of the repository whose subject is {@code subject}, optionally of one artifact type, oldest first. */
    public List<ReferrerRow> referrers(DSLContext tx, long repositoryId, Digest subject, String artifactType) {
        var where = MANIFEST.REPOSITORY_ID.eq(repositoryId).and(MANIFEST.SUBJECT_DIGEST.eq(subject.toString()));
        if (artifactType != null) {
            where = where.and(MANIFEST.ARTIFACT_TYPE.eq(artifactType));
        }
        return tx.select(MANIFEST.DIGEST, MANIFEST.MEDIA_TYPE, MANIFEST.ARTIFACT_TYPE, MANIFEST.SIZE, MANIFEST.ANNOTATIONS)
                .from(MANIFEST).where(where).orderBy(MANIFEST.CREATED_AT, MANIFEST.DIGEST)
                .fetch(r -> new ReferrerRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
