package io.lading.puller.trust;

import static io.lading.puller.trust.KeylessVerificationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyed bundles (cosign --key), checked with the JDK's crypto: ECDSA P-256, Ed25519 and RSA. */
class KeyedVerificationTest {

    private static final RepositoryName REPO = RepositoryName.parse("models/llama");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;

    private Verdict verify(String rule, String bundle, ManifestSubject subject) {
        ManifestVerifier verifier = new ManifestVerifier(SigstoreFixtures.policy(temp, "trusted_root.json", rule));
        return verifier.verify(REPO, Optional.empty(), subject, List.of(SigstoreFixtures.bytes(bundle)));
    }

    private static TrustedKey key(String file) {
        return TrustedKey.fromPem(file, new String(SigstoreFixtures.bytes(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-blob", "ecdsa-dsse", "ed25519-blob", "ed25519-dsse", "rsa-blob", "rsa-dsse"})
    void givenKeyedBundleAndItsKey_whenVerifiedWithTheLogRequired_thenAcceptedNamingTheKey(String kind) {
        String keyFile = "key-" + kind.substring(0, kind.indexOf('-')) + ".pub.pem";

        Verdict verdict = verify(SigstoreFixtures.keyRule("enforce", true, keyFile),
                "keyed-" + kind + ".sigstore.json", SigstoreFixtures.manifestA());

        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict);
        assertEquals(Signer.key(key(keyFile)), accepted.signer());
        assertEquals("models", accepted.rule());
        assertTrue(accepted.signedAt().orElseThrow().isAfter(java.time.Instant.parse("2026-11-01T00:00:00Z")),
                "the verified log entry's integrated time is the signing time: " + accepted.signedAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-blob", "ecdsa-dsse", "ed25519-blob", "rsa-dsse"})
    void givenKeyedBundleAndAnotherKey_whenVerified_thenRejected(String kind) {
        String otherKey = "key-" + kind.substring(0, kind.indexOf('-')) + "-other.pub.pem";

        assertRejected(verify(SigstoreFixtures.keyRule("enforce", false, otherKey),
                "keyed-" + kind + ".sigstore.json", SigstoreFixtures.manifestA()),
                "signature does not verify with any of the 1 key(s) of rule 'models'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-blob", "ed25519-dsse"})
    void givenKeyedBundleAndTamperedManifest_whenVerified_thenRejected(String kind) {
        byte[] tampered = SigstoreFixtures.bytes("manifest-a.json");
        tampered[10] ^= 1;
        String keyFile = "key-" + kind.substring(0, kind.indexOf('-')) + ".pub.pem";

        Verdict verdict = verify(SigstoreFixtures.keyRule("enforce", false, keyFile),
                "keyed-" + kind + ".sigstore.json", ManifestSubject.of(tampered));

        assertRejected(verdict, kind.endsWith("blob") ? "bundle signs another artifact"
                : "DSSE statement's subjects do not include the manifest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-blob", "ecdsa-dsse"})
    void givenKeyedBundleForManifestA_whenVerifyingManifestB_thenRejected(String kind) {
        assertRejected(verify(SigstoreFixtures.keyRule("enforce", false, "key-ecdsa.pub.pem"),
                "keyed-" + kind + ".sigstore.json", SigstoreFixtures.manifestB()),
                kind.endsWith("blob") ? "bundle signs another artifact" : "subjects do not include");
    }

    @Test
    void givenLogEntryBorrowedFromAnotherSignature_whenTheLogIsRequired_thenRejected() throws Exception {
        ObjectNode bundle = (ObjectNode) JSON.readTree(SigstoreFixtures.bytes("keyed-ecdsa-blob.sigstore.json"));
        JsonNode otherEntries = JSON.readTree(SigstoreFixtures.bytes("keyed-ecdsa-dsse.sigstore.json"))
                .path("verificationMaterial").path("tlogEntries");
        ((ObjectNode) bundle.path("verificationMaterial")).set("tlogEntries", otherEntries);

        assertRejected(verifyBytes(SigstoreFixtures.keyRule("enforce", true, "key-ecdsa.pub.pem"),
                JSON.writeValueAsBytes(bundle)), "records another signature");
    }

    @Test
    void givenLogEntryWithAlteredTime_whenTheLogIsRequired_thenRejectedAsUnverified() throws Exception {
        ObjectNode bundle = (ObjectNode) JSON.readTree(SigstoreFixtures.bytes("keyed-ecdsa-blob.sigstore.json"));
        ObjectNode entry = (ObjectNode) bundle.path("verificationMaterial").path("tlogEntries").get(0);
        entry.put("integratedTime", String.valueOf(entry.path("integratedTime").asLong() - 86_400));

        assertRejected(verifyBytes(SigstoreFixtures.keyRule("enforce", true, "key-ecdsa.pub.pem"),
                JSON.writeValueAsBytes(bundle)), "transparency-log entry not verified");
    }

    @Test
    void givenKeyedBundleWithoutLogEntry_whenTheLogIsRequired_thenRejected() throws Exception {
        ObjectNode bundle = (ObjectNode) JSON.readTree(SigstoreFixtures.bytes("keyed-ecdsa-blob.sigstore.json"));
        ((ObjectNode) bundle.path("verificationMaterial")).remove("tlogEntries");
        byte[] bytes = JSON.writeValueAsBytes(bundle);

        assertRejected(verifyBytes(SigstoreFixtures.keyRule("enforce", true, "key-ecdsa.pub.pem"), bytes),
                "requires a transparency-log entry but the bundle has none");
        assertInstanceOf(Verdict.Accepted.class,
                verifyBytes(SigstoreFixtures.keyRule("enforce", false, "key-ecdsa.pub.pem"), bytes));
    }

    private Verdict verifyBytes(String rule, byte[] bundle) {
        ManifestVerifier verifier = new ManifestVerifier(SigstoreFixtures.policy(temp, "trusted_root.json", rule));
        return verifier.verify(REPO, Optional.empty(), SigstoreFixtures.manifestA(), List.of(bundle));
    }
}
