package io.lading.registry.manifest;

import io.lading.registry.config.ReferrerLimits;
import io.lading.registry.db.BlobDao;
import io.lading.registry.db.ManifestDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Enforces {@link ReferrerLimits} when a manifest is pushed. Both checks run at manifest push, inside the
 * push's transaction: a blob upload does not say what it is, only the manifest naming it does.
 */
final class ReferrerPolicy {
    private final ReferrerLimits limits;
    private final ManifestDao manifests;
    private final BlobDao blobs;

    ReferrerPolicy(ReferrerLimits limits, ManifestDao manifests, BlobDao blobs) {
        this.limits = limits;
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /** MANIFEST_INVALID if the manifest would be one referrer too many, or names an oversized bundle. */
    void check(DSLContext tx, long repo, Digest digest, Manifest manifest) {
        checkBundleSizes(tx, repo, manifest);
        if (manifest.subjectDescriptor().isEmpty() || manifests.find(tx, repo, digest).isPresent()) {
            return; // not a referrer, or the same bytes again, which adds nothing
        }
        String subject = manifest.subjectDescriptor().get().digest();
        manifests.lockSubject(tx, repo, subject);
        int existing = manifests.countReferrers(tx, repo, subject);
        if (existing >= limits.maxPerSubject()) {
            throw new RegistryFailure.ManifestInvalid("subject " + subject + " already has " + existing
                    + " referrers in this repository, the most this registry keeps (--max-referrers-per-subject)");
        }
    }

    private void checkBundleSizes(DSLContext tx, long repo, Manifest manifest) {
        boolean bundleArtifact = manifest.effectiveArtifactType().filter(MediaTypes.SIGSTORE_BUNDLE::equals).isPresent();
        List<Descriptor> bundles = manifest.layers().stream()
                .filter(d -> bundleArtifact || MediaTypes.SIGSTORE_BUNDLE.equals(d.mediaType())).toList();
        for (Descriptor d : bundles) {
            // The stored size is what counts: a descriptor could understate it.
            long size = Math.max(d.size(), blobs.sizeInRepository(tx, repo, d.parsedDigest()).orElse(0L));
            if (size > limits.maxBundleBytes()) {
                throw new RegistryFailure.ManifestInvalid("signature bundle " + d.digest() + " is " + size
                        + " bytes; this registry accepts at most " + limits.maxBundleBytes() + " (--max-signature-bundle-bytes)");
            }
        }
    }
}
