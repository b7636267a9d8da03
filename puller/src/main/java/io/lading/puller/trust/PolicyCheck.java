package io.lading.puller.trust;

import io.lading.puller.activate.Activator;
import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The trust policy as the host applies it before activation: the manifest bytes are read back from the
 * cache (where the puller stored them under the digest it computed, so no header is trusted), the bundles
 * come from the registry's referrers API, and rollback protection compares with the active version's
 * recorded signing time.
 */
public final class PolicyCheck implements VersionCheck {
    /** Manifests of model versions are a few KiB; the bound keeps a hostile one from filling the heap. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final ManifestVerifier verifier;
    private final RegistryBundles bundles;
    private final CacheLayout layout;
    private final Activator activator;
    private final SigningTimes times;

    public PolicyCheck(ManifestVerifier verifier, RegistryBundles bundles, CacheLayout layout, Activator activator) {
        this.verifier = verifier;
        this.bundles = bundles;
        this.layout = layout;
        this.activator = activator;
        this.times = new SigningTimes(layout);
    }

    @Override
    public Verdict check(RepositoryName repository, Optional<Tag> tag, Digest manifest) throws IOException {
        Optional<Digest> active = activator.current(repository);
        return verify(repository, tag, manifest, active.isPresent() ? times.of(repository, active.get()) : Optional.empty());
    }

    @Override
    public Verdict checkRollback(RepositoryName repository, Optional<Tag> tag, Digest manifest) throws IOException {
        return verify(repository, tag, manifest, Optional.empty());
    }

    private Verdict verify(RepositoryName repository, Optional<Tag> tag, Digest manifest, Optional<Instant> activeSignedAt)
            throws IOException {
        ManifestSubject subject = new ManifestSubject(cachedManifest(manifest), manifest);
        return verifier.verify(repository, tag, subject, bundles.attachedTo(repository, manifest), activeSignedAt);
    }

    @Override
    public void activating(RepositoryName repository, Digest manifest, Verdict verdict) throws IOException {
        if (verdict instanceof Verdict.Accepted a && a.signedAt().isPresent()) {
            times.record(repository, manifest, a.signedAt().get());
        }
        // Only this version, current and previous can become current without a new check (rollback swaps links).
        times.retainOnly(repository, Stream.of(Optional.of(manifest), activator.current(repository),
                activator.previous(repository)).flatMap(Optional::stream).collect(Collectors.toSet()));
    }

    private byte[] cachedManifest(Digest manifest) throws IOException {
        try (InputStream in = Files.newInputStream(layout.blob(manifest))) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new IOException("manifest " + manifest + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
