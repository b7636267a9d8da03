package io.lading.puller.trust;

import static io.lading.puller.trust.SigstoreFixtures.IDENTITY;
import static io.lading.puller.trust.SigstoreFixtures.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyless half of the fixture matrix: real bundles from Sigstore's JS signer and mock services. */
class KeylessVerificationTest {

    private static final RepositoryName REPO = RepositoryName.parse("models/llama");
    @TempDir
    Path temp;

    private Verdict verify(String bundle, ManifestSubject subject) {
        return verify("trusted_root.json", SigstoreFixtures.keylessRule("enforce", IDENTITY, ISSUER), bundle, subject);
    }

    private Verdict verify(String root, String rule, String bundle, ManifestSubject subject) {
        ManifestVerifier verifier = new ManifestVerifier(SigstoreFixtures.policy(temp, root, rule));
        return verifier.verify(REPO, Optional.empty(), subject, List.of(SigstoreFixtures.bytes(bundle)));
    }

    /** The integrated time of the fixtures' Rekor entries: the signing time rollback protection compares. */
    private static final java.util.Optional<java.time.Instant> LOGGED_AT =
            java.util.Optional.of(java.time.Instant.ofEpochSecond(1796004591));

    @Test
    void givenKeylessMessageSignatureOverTheManifest_whenVerified_thenAcceptedNamingIdentityAndIssuer() {
        Verdict verdict = verify("keyless-blob.sigstore.json", SigstoreFixtures.manifestA());

        assertEquals(new Verdict.Accepted("models", Signer.keyless(IDENTITY, ISSUER), LOGGED_AT), verdict);
    }

    @Test
    void givenKeylessDsseStatementNamingTheManifest_whenVerified_thenAccepted() {
        assertEquals(new Verdict.Accepted("models", Signer.keyless(IDENTITY, ISSUER), LOGGED_AT),
                verify("keyless-dsse.sigstore.json", SigstoreFixtures.manifestA()));
    }

    @Test
    void givenKeylessDsseWithLogEntryAndTimestamp_whenVerified_thenAccepted() {
        assertInstanceOf(Verdict.Accepted.class, verify("keyless-dsse-tsa.sigstore.json", SigstoreFixtures.manifestA()));
    }

    @Test
    void givenIdentityAsRegex_whenVerified_thenAccepted() {
        String rule = """
                "mode": "enforce", "identities": [{"identityRegex": "https://github\\\\.com/acme/.*", "issuer": "%s"}]"""
                .formatted(ISSUER);
        assertInstanceOf(Verdict.Accepted.class,
                verify("trusted_root.json", rule, "keyless-blob.sigstore.json", SigstoreFixtures.manifestA()));
    }

    @Test
    void givenBundleSignedByAnotherIdentity_whenVerified_thenRejectedForTheIdentity() {
        assertRejected(verify("keyless-blob-other-identity.sigstore.json", SigstoreFixtures.manifestA()),
                "certificate identity https://github.com/mallory/fork/.github/workflows/train.yml@refs/heads/main"
                        + " (issuer " + ISSUER + ") is not allowed by rule 'models'");
    }

    @Test
    void givenBundleFromAnotherIssuer_whenVerified_thenRejectedForTheIssuer() {
        assertRejected(verify("keyless-blob-other-issuer.sigstore.json", SigstoreFixtures.manifestA()),
                "certificate identity " + IDENTITY + " (issuer https://accounts.example.com) is not allowed");
    }

    @Test
    void givenTamperedManifestBytes_whenVerified_thenRejectedAsAnotherDigest() {
        byte[] tampered = SigstoreFixtures.bytes("manifest-a.json");
        tampered[tampered.length - 3] ^= 1;

        assertRejected(verify("keyless-blob.sigstore.json", ManifestSubject.of(tampered)),
                "artifact digest does not match");
    }

    @Test
    void givenDsseStatementNamingAnotherManifest_whenVerified_thenRejectedForTheSubject() {
        assertRejected(verify("keyless-dsse-subject-b.sigstore.json", SigstoreFixtures.manifestA()),
                "does not match any subject");
    }

    @Test
    void givenBundleForAnotherManifest_whenVerified_thenRejected() {
        assertRejected(verify("keyless-blob-manifest-b.sigstore.json", SigstoreFixtures.manifestA()),
                "artifact digest does not match");
    }

    @Test
    void givenBundleChainingToAForeignRoot_whenVerified_thenRejectedForTheCertificate() {
        assertRejected(verify("keyless-blob-foreign-root.sigstore.json", SigstoreFixtures.manifestA()),
                "not verifiable against CAs");
    }

    @Test
    void givenValidBundleButPolicyTrustingTheForeignRoot_whenVerified_thenRejected() {
        assertRejected(verify("foreign_trusted_root.json", SigstoreFixtures.keylessRule("enforce", IDENTITY, ISSUER),
                "keyless-blob.sigstore.json", SigstoreFixtures.manifestA()), "not verifiable against CAs");
    }

    @Test
    void givenCertificateExpiredBeforeTheLogTime_whenVerified_thenRejectedByOurTimeCheck() {
        assertRejected(verify("keyless-blob-expired-cert.sigstore.json", SigstoreFixtures.manifestA()),
                "certificate expired at");
    }

    @Test
    void givenBundleWithOnlyATimestampAndNoLogEntry_whenVerified_thenRejected() {
        assertRejected(verify("keyless-blob-tsa-only.sigstore.json", SigstoreFixtures.manifestA()),
                "tlog entries");
    }

    @Test
    void givenLogEntryBorrowedFromAnotherKeylessBundle_whenVerified_thenRejectedAsInconsistent() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode bundle = (ObjectNode) json.readTree(SigstoreFixtures.bytes("keyless-blob.sigstore.json"));
        JsonNode borrowed = json.readTree(SigstoreFixtures.bytes("keyless-blob-manifest-b.sigstore.json"))
                .path("verificationMaterial").path("tlogEntries");
        ((ObjectNode) bundle.path("verificationMaterial")).set("tlogEntries", borrowed);
        ManifestVerifier verifier = new ManifestVerifier(SigstoreFixtures.policy(temp, "trusted_root.json",
                SigstoreFixtures.keylessRule("enforce", IDENTITY, ISSUER)));

        assertRejected(verifier.verify(REPO, Optional.empty(), SigstoreFixtures.manifestA(),
                List.of(json.writeValueAsBytes(bundle))), "inconsistent with log entry");
    }

    @Test
    void givenKeylessBundleAndARuleTrustingOnlyKeys_whenVerified_thenRejected() {
        assertRejected(verify("trusted_root.json", SigstoreFixtures.keyRule("enforce", false, "key-ecdsa.pub.pem"),
                "keyless-blob.sigstore.json", SigstoreFixtures.manifestA()), "trusts no identities");
    }

    static void assertRejected(Verdict verdict, String reason) {
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, verdict);
        assertFalse(verdict.permitsActivation());
        assertTrue(rejected.reason().contains(reason), () -> "reason '" + rejected.reason() + "' lacks '" + reason + "'");
        assertFalse(rejected.reason().contains("\n"), "reason is one line");
    }
}
