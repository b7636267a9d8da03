package io.lading.registry.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.config.ReferrerLimits;
import io.lading.registry.db.BlobDao;
import io.lading.registry.db.Database;
import io.lading.registry.db.ManifestDao;
import io.lading.registry.db.ManifestDao.Reference;
import io.lading.registry.db.ManifestDao.ReferenceKind;
import io.lading.registry.db.RepositoryDao;
import io.lading.registry.db.TagDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.InvalidManifestException;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Pushing, pulling and deleting manifests by tag or digest (distribution spec end-3, end-7, end-9). */
public final class ManifestService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final RepositoryDao repositories;
    private final ManifestDao manifests;
    private final TagDao tags;
    private final BlobDao blobs;
    private final ReferrerPolicy referrerPolicy;

    public ManifestService(Database db, RepositoryDao repositories, ManifestDao manifests, TagDao tags, BlobDao blobs,
                           ReferrerLimits referrerLimits) {
        this.db = db;
        this.repositories = repositories;
        this.manifests = manifests;
        this.tags = tags;
        this.blobs = blobs;
        this.referrerPolicy = new ReferrerPolicy(referrerLimits, manifests, blobs);
    }

    /** A manifest as stored: its exact bytes and media type. */
    public record StoredManifest(Digest digest, String mediaType, byte[] content) {
    }

    /** The outcome of a push: the digest, and the subject if the manifest is a referrer. */
    public record Pushed(RepositoryName repository, Digest digest, Optional<String> subject) {
        public String location() {
            return "/v2/" + repository + "/manifests/" + digest;
        }
    }

    public Pushed put(RepositoryName repository, io.lading.spec.name.Reference reference, String contentType, byte[] content) {
        Manifest manifest;
        try {
            manifest = Manifest.parse(content, contentType);
        } catch (InvalidManifestException e) {
            throw new RegistryFailure.ManifestInvalid(e.getMessage());
        }
        Digest digest = digestFor(reference, content);
        var row = new ManifestDao.ManifestRow(digest, manifest.mediaType(), manifest.effectiveArtifactType().orElse(null),
                content, manifest.subjectDescriptor().map(Descriptor::digest).orElse(null), annotationsJson(manifest));
        db.transaction(tx -> {
            long repo = repositories.ensure(tx, repository);
            requireReferencedContent(tx, repository, repo, manifest);
            referrerPolicy.check(tx, repo, digest, manifest);
            manifests.insert(tx, repo, row, references(manifest));
            if (reference instanceof Tag tag) {
                tags.move(tx, repo, tag, digest);
            }
            return null;
        });
        return new Pushed(repository, digest, manifest.subjectDescriptor().map(Descriptor::digest));
    }

    public StoredManifest get(RepositoryName repository, io.lading.spec.name.Reference reference) {
        return db.transaction(tx -> {
            long repo = repositories.findId(tx, repository)
                    .orElseThrow(() -> new RegistryFailure.ManifestUnknown(repository.value(), reference.toString()));
            Digest digest = resolve(tx, repository, repo, reference);
            return manifests.find(tx, repo, digest)
                    .map(r -> new StoredManifest(digest, r.mediaType(), r.content()))
                    .orElseThrow(() -> new RegistryFailure.ManifestUnknown(repository.value(), reference.toString()));
        });
    }

    /** Deleting a tag removes only the tag; deleting a digest removes the manifest and every tag on it. */
    public void delete(RepositoryName repository, io.lading.spec.name.Reference reference) {
        boolean deleted = db.transaction(tx -> {
            Optional<Long> repo = repositories.findId(tx, repository);
            if (repo.isEmpty()) {
                return false;
            }
            return switch (reference) {
                case Tag tag -> tags.delete(tx, repo.get(), tag);
                case DigestReference d -> {
                    tags.deleteAllPointingAt(tx, repo.get(), d.digest());
                    yield manifests.delete(tx, repo.get(), d.digest());
                }
            };
        });
        if (!deleted) {
            throw new RegistryFailure.ManifestUnknown(repository.value(), reference.toString());
        }
    }

    private Digest resolve(DSLContext tx, RepositoryName repository, long repo, io.lading.spec.name.Reference reference) {
        return switch (reference) {
            case DigestReference d -> d.digest();
            case Tag tag -> tags.resolve(tx, repo, tag)
                    .orElseThrow(() -> new RegistryFailure.ManifestUnknown(repository.value(), tag.value()));
        };
    }

    /** A push by digest is checked against that digest, with its algorithm; a push by tag is named by sha256. */
    private static Digest digestFor(io.lading.spec.name.Reference reference, byte[] content) {
        if (reference instanceof DigestReference d) {
            Digest actual = Digest.compute(d.digest().algorithm(), content);
            if (!actual.equals(d.digest())) {
                throw new RegistryFailure.DigestInvalid("manifest bytes have digest " + actual + ", not " + d.digest()
                        + " as the URL says");
            }
            return actual;
        }
        return Digest.compute(DigestAlgorithm.SHA256, content);
    }

    /** MANIFEST_BLOB_UNKNOWN unless the repository holds every blob and child manifest the manifest names. */
    private void requireReferencedContent(DSLContext tx, RepositoryName repository, long repo, Manifest manifest) {
        // Foreign layers (with urls) live elsewhere by design and are not required here.
        List<String> blobDigests = manifest.blobReferences().stream().filter(d -> d.urls().isEmpty()).map(Descriptor::digest).toList();
        List<String> missing = new ArrayList<>(blobs.missingFrom(tx, repo, blobDigests));
        List<String> children = manifest.manifests().stream().map(Descriptor::digest).toList();
        if (!children.isEmpty()) {
            missing.addAll(manifests.missingFrom(tx, repo, children));
        }
        if (!missing.isEmpty()) {
            throw new RegistryFailure.ManifestBlobUnknown(repository.value(), missing);
        }
    }

    private static List<Reference> references(Manifest manifest) {
        List<Reference> refs = new ArrayList<>();
        manifest.blobReferences().forEach(d -> refs.add(new Reference(ReferenceKind.BLOB, d.digest())));
        manifest.manifests().forEach(d -> refs.add(new Reference(ReferenceKind.MANIFEST, d.digest())));
        manifest.subjectDescriptor().ifPresent(d -> refs.add(new Reference(ReferenceKind.SUBJECT, d.digest())));
        return refs;
    }

    private static String annotationsJson(Manifest manifest) {
        if (manifest.annotations().isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(manifest.annotations());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
