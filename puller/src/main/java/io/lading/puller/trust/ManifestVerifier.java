package io.lading.puller.trust;

import dev.sigstore.KeylessVerifier;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a model version may be activated: finds the policy rule that covers it, then
 * looks for one attached Sigstore bundle that proves a trusted signer signed exactly these manifest
 * bytes. Works offline: the trusted root comes from the policy's file, never from the network.
 */
public final class ManifestVerifier {

    private final TrustPolicy policy;
    private final Optional<KeylessBundleVerifier> keyless;
    private final KeyedBundleVerifier keyed;

    public ManifestVerifier(TrustPolicy policy) {
        this.policy = policy;
        Optional<SigstoreTrustedRoot> root = policy.trustedRoot().map(ManifestVerifier::readTrustedRoot);
        this.keyless = root.map(ManifestVerifier::keylessVerifier);
        this.keyed = new KeyedBundleVerifier(root.map(r -> new LogEntryCheck(RekorVerifier.newRekorVerifier(r))));
    }

    /**
     * @param tag     the tag the version was asked for by, if any (tag rules match only then)
     * @param bundles the raw bytes of every Sigstore bundle attached to the manifest as a referrer
     */
    public Verdict verify(RepositoryName repository, Optional<Tag> tag, ManifestSubject subject, List<byte[]> bundles) {
        return verify(repository, tag, subject, bundles, Optional.empty());
    }

    /**
     * As above, and with rollback protection: a rule with {@code refuseOlder} rejects a version signed
     * before {@code activeSignedAt}, the signing time of the version active now (empty when none is known).
     */
    public Verdict verify(RepositoryName repository, Optional<Tag> tag, ManifestSubject subject, List<byte[]> bundles,
                          Optional<Instant> activeSignedAt) {
        Optional<TrustRule> found = policy.ruleFor(repository, tag);
        if (found.isEmpty()) {
            return new Verdict.Rejected("", "no trust policy rule covers " + repository
                    + tag.map(t -> ":" + t.value()).orElse("@" + subject.digest()) + ", and uncovered versions are denied");
        }
        TrustRule rule = found.get();
        if (rule.mode() == Mode.OFF) {
            return new Verdict.Waived(rule.name(), Mode.OFF, "verification is off for this rule");
        }
        List<String> failures = new ArrayList<>();
        for (byte[] bytes : bundles) {
            BundleOutcome outcome = verifyOne(bytes, subject, rule);
            if (outcome instanceof BundleOutcome.Verified v) {
                return fresh(rule, v, activeSignedAt);
            }
            failures.add(((BundleOutcome.Failed) outcome).reason());
        }
        String reason = bundles.isEmpty() ? "no Sigstore bundle is attached to " + subject.digest()
                : failures.size() == 1 ? failures.get(0)
                : "none of " + failures.size() + " bundles verified: " + String.join("; ", failures);
        return rule.mode() == Mode.WARN ? new Verdict.Waived(rule.name(), Mode.WARN, reason)
                : new Verdict.Rejected(rule.name(), reason);
    }

    private static Verdict fresh(TrustRule rule, BundleOutcome.Verified v, Optional<Instant> activeSignedAt) {
        Verdict accepted = new Verdict.Accepted(rule.name(), v.signer(), v.signedAt());
        if (!rule.refuseOlder() || activeSignedAt.isEmpty()) {
            return accepted;
        }
        String older;
        if (v.signedAt().isEmpty()) {
            older = "rule has refuseOlder but the bundle signed by " + v.signer() + " proves no signing time";
        } else if (v.signedAt().get().isBefore(activeSignedAt.get())) {
            older = "signed at " + v.signedAt().get() + " by " + v.signer() + ", before the active version (signed at "
                    + activeSignedAt.get() + "); refuseOlder lets only an operator rollback go back";
        } else {
            return accepted;
        }
        return rule.mode() == Mode.WARN ? new Verdict.Waived(rule.name(), Mode.WARN, older)
                : new Verdict.Rejected(rule.name(), older);
    }

    private BundleOutcome verifyOne(byte[] bytes, ManifestSubject subject, TrustRule rule) {
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(bytes);
        } catch (SigstoreBundle.InvalidBundle e) {
            return BundleOutcome.failed(e.getMessage());
        }
        if (!bundle.hasCertificate()) {
            return keyed.verify(bundle, subject, rule);
        }
        return keyless.map(k -> k.verify(bundle, subject, rule))
                .orElse(BundleOutcome.failed("bundle is keyless but the policy has no trusted root"));
    }

    private static SigstoreTrustedRoot readTrustedRoot(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SigstoreTrustedRoot.from(in);
        } catch (IOException | dev.sigstore.trustroot.SigstoreConfigurationException | RuntimeException e) {
            throw new TrustPolicyException("cannot read Sigstore trusted root " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeylessBundleVerifier keylessVerifier(SigstoreTrustedRoot root) {
        try {
            return new KeylessBundleVerifier(KeylessVerifier.builder().trustedRootProvider(() -> root).build());
        } catch (Exception e) {
            throw new TrustPolicyException("cannot use the Sigstore trusted root: " + e.getMessage(), e);
        }
    }
}
