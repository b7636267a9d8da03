package io.lading.puller.trust;

import io.lading.puller.trust.SigstoreBundle.Dsse;
import io.lading.puller.trust.SigstoreBundle.MessageSignature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Keyed bundles (cosign --key, KMS): a public-key hint instead of a certificate, which sigstore-java
 * 2.0.0 refuses, so the signature is checked here with the JDK against the rule's keys. The hint is
 * never trusted; every key of the rule is tried. With {@code transparencyLog}, the bundle must also
 * carry a log entry that the trusted root's Rekor signed and that records this very signature.
 */
final class KeyedBundleVerifier {

    private final Optional<LogEntryCheck> log;

    KeyedBundleVerifier(Optional<LogEntryCheck> log) {
        this.log = log;
    }

    BundleOutcome verify(SigstoreBundle bundle, ManifestSubject subject, TrustRule rule) {
        if (rule.keys().isEmpty()) {
            return BundleOutcome.failed("bundle is keyed but rule '" + rule.name() + "' trusts no keys");
        }
        byte[] signed;
        byte[] signature;
        switch (bundle.content()) {
            case MessageSignature m -> {
                if (!Arrays.equals(m.sha256(), subject.sha256())) {
                    return BundleOutcome.failed("bundle signs another artifact, not the manifest " + subject.digest());
                }
                signed = subject.bytes();
                signature = m.signature();
            }
            case Dsse d -> {
                if (!InTotoStatement.PAYLOAD_TYPE.equals(d.payloadType())) {
                    return BundleOutcome.failed("DSSE payload type is '" + d.payloadType() + "', expected "
                            + InTotoStatement.PAYLOAD_TYPE);
                }
                signed = InTotoStatement.pae(d.payloadType(), d.payload());
                signature = d.signature();
            }
        }
        Optional<TrustedKey> key = rule.keys().stream().filter(k -> k.verifies(signed, signature)).findFirst();
        if (key.isEmpty()) {
            // Say which keys were expected and which the signer claims (unverified), so an operator can tell them apart.
            String hint = bundle.publicKeyHint().filter(h -> !h.isEmpty()).map(h -> "key hint " + h).orElse("no key hint");
            return BundleOutcome.failed("signature does not verify with any of the " + rule.keys().size()
                    + " key(s) of rule '" + rule.name() + "' (trusted: "
                    + String.join(", ", rule.keys().stream().map(TrustedKey::name).toList()) + "; the bundle has " + hint + ")");
        }
        // Checked after the signature, so a valid signature over another manifest says so plainly.
        if (bundle.content() instanceof Dsse d && !InTotoStatement.namesSubject(d.payload(), subject.digest().hex())) {
            return BundleOutcome.failed("DSSE statement's subjects do not include the manifest " + subject.digest());
        }
        // Without a log the only signing time is the one the key itself signed (lading sign's statement).
        Optional<Instant> signedAt = bundle.content() instanceof Dsse d ? InTotoStatement.signedAt(d.payload())
                : Optional.empty();
        if (rule.transparencyLog()) {
            LogEntryCheck.Result logged = log.map(l -> l.check(bundle, signature)).orElse(
                    new LogEntryCheck.NotLogged("rule requires a transparency log but the policy has no trusted root"));
            switch (logged) {
                case LogEntryCheck.NotLogged n -> {
                    return BundleOutcome.failed(n.reason());
                }
                case LogEntryCheck.Logged l -> signedAt = Optional.of(l.integratedTime());
            }
        }
        return new BundleOutcome.Verified(Signer.key(key.get()), signedAt);
    }
}
