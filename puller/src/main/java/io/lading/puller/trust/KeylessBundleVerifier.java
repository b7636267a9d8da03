package io.lading.puller.trust;

import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * Keyless (Fulcio certificate) bundles: sigstore-java checks the certificate chain against the
 * trusted root, the SCT, the Rekor entry and any timestamps, the signature over the manifest digest
 * (or the DSSE statement's subject), and the rule's identities; we add the certificate-time check.
 */
final class KeylessBundleVerifier {

    private static final String NO_IDENTITY_MATCHED = "No provided certificate identities matched";
    private final KeylessVerifier verifier;

    KeylessBundleVerifier(KeylessVerifier verifier) {
        this.verifier = verifier;
    }

    BundleOutcome verify(SigstoreBundle parsed, ManifestSubject subject, TrustRule rule) {
        if (rule.identities().isEmpty()) {
            return BundleOutcome.failed("bundle is keyless but rule '" + rule.name() + "' trusts no identities");
        }
        Bundle bundle;
        try {
            bundle = Bundle.from(new StringReader(parsed.json()));
        } catch (BundleParseException e) {
            return BundleOutcome.failed("keyless bundle rejected: " + e.getMessage());
        }
        VerificationOptions options = VerificationOptions.builder()
                .addAllCertificateMatchers(rule.identities().stream().map(IdentityMatcher::toSigstore).toList())
                .build();
        X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
        try {
            verifier.verify(subject.sha256(), bundle, options);
        } catch (KeylessVerificationException e) {
            // sigstore-java lists what was allowed; say what the certificate claimed instead.
            if (String.valueOf(e.getMessage()).startsWith(NO_IDENTITY_MATCHED)) {
                return BundleOutcome.failed("certificate identity " + FulcioCertificate.identity(leaf) + " (issuer "
                        + FulcioCertificate.issuer(leaf) + ") is not allowed by rule '" + rule.name() + "'");
            }
            return BundleOutcome.failed("keyless bundle rejected: " + oneLine(e));
        }
        Optional<String> badTime = CertificateTimes.violation(bundle, leaf);
        if (badTime.isPresent()) {
            return BundleOutcome.failed("keyless bundle rejected: " + badTime.get());
        }
        // sigstore-java verified the log entries, so their integrated time is a trusted signing time.
        Optional<Instant> signedAt = parsed.tlogEntries().stream().map(LogEntryCheck::integratedTime)
                .min(Instant::compareTo);
        return new BundleOutcome.Verified(Signer.keyless(FulcioCertificate.identity(leaf),
                FulcioCertificate.issuer(leaf)), signedAt);
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            message += " (" + e.getCause().getMessage() + ")";
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
