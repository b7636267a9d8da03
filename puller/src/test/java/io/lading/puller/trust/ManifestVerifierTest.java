package io.lading.puller.trust;

import static io.lading.puller.trust.KeylessVerificationTest.assertRejected;
import static io.lading.puller.trust.SigstoreFixtures.IDENTITY;
import static io.lading.puller.trust.SigstoreFixtures.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the policy turns bundle outcomes into one verdict: rules, modes, several bundles, bad input. */
class ManifestVerifierTest {

    private static final RepositoryName REPO = RepositoryName.parse("models/llama");
    private static final byte[] GOOD = SigstoreFixtures.bytes("keyless-blob.sigstore.json");
    private static final byte[] OTHER_IDENTITY = SigstoreFixtures.bytes("keyless-blob-other-identity.sigstore.json");
    @TempDir
    Path temp;

    private ManifestVerifier verifier(String mode) {
        return new ManifestVerifier(SigstoreFixtures.policy(temp, "trusted_root.json",
                SigstoreFixtures.keylessRule(mode, IDENTITY, ISSUER)));
    }

    private static Verdict verify(ManifestVerifier verifier, RepositoryName repo, byte[]... bundles) {
        return verifier.verify(repo, Optional.empty(), SigstoreFixtures.manifestA(), List.of(bundles));
    }

    @Test
    void givenRepositoryNoRuleCovers_whenVerified_thenDeniedEvenWithAValidBundle() {
        Verdict verdict = verify(verifier("enforce"), RepositoryName.parse("other/llama"), GOOD);

        assertRejected(verdict, "no trust policy rule covers other/llama@sha256:");
        assertEquals("", ((Verdict.Rejected) verdict).rule());
    }

    @Test
    void givenNoBundleAttached_whenEnforced_thenRejected() {
        assertRejected(verify(verifier("enforce"), REPO), "no Sigstore bundle is attached to sha256:");
    }

    @Test
    void givenOneBadAndOneGoodBundle_whenVerified_thenTheGoodOneIsEnough() {
        assertInstanceOf(Verdict.Accepted.class, verify(verifier("enforce"), REPO, OTHER_IDENTITY, GOOD));
    }

    @Test
    void givenOnlyBadBundles_whenVerified_thenEveryReasonIsReportedOnOneLine() {
        byte[] notJson = "{oops".getBytes(StandardCharsets.UTF_8);

        Verdict verdict = verify(verifier("enforce"), REPO, OTHER_IDENTITY, notJson);

        assertRejected(verdict, "none of 2 bundles verified: certificate identity https://github.com/mallory");
        assertRejected(verdict, "; bundle is not JSON");
    }

    @Test
    void givenBundleOfAnotherMediaType_whenVerified_thenRejectedNamingIt() {
        byte[] v02 = new String(GOOD, StandardCharsets.UTF_8)
                .replace("bundle.v0.3+json", "bundle+json;version=0.2").getBytes(StandardCharsets.UTF_8);

        assertRejected(verify(verifier("enforce"), REPO, v02),
                "bundle media type is 'application/vnd.dev.sigstore.bundle+json;version=0.2'");
    }

    @Test
    void givenWarnMode_whenVerificationFails_thenActivationIsPermittedAndTheReasonKept() {
        Verdict verdict = verify(verifier("warn"), REPO, OTHER_IDENTITY);

        Verdict.Waived waived = assertInstanceOf(Verdict.Waived.class, verdict);
        assertTrue(waived.permitsActivation());
        assertEquals(Mode.WARN, waived.mode());
        assertTrue(waived.reason().startsWith("certificate identity https://github.com/mallory"));
    }

    @Test
    void givenWarnMode_whenVerificationPasses_thenAccepted() {
        assertInstanceOf(Verdict.Accepted.class, verify(verifier("warn"), REPO, GOOD));
    }

    @Test
    void givenOffMode_whenNothingIsAttached_thenWaivedWithoutVerifying() {
        TrustPolicy policy = TrustPolicyParser.parse(
                "{\"version\": 1, \"rules\": [{\"name\": \"dev\", \"repositories\": \"**\", \"mode\": \"off\"}]}", temp);

        Verdict verdict = new ManifestVerifier(policy).verify(REPO, Optional.of(Tag.parse("dev")),
                SigstoreFixtures.manifestA(), List.of());

        assertEquals(new Verdict.Waived("dev", Mode.OFF, "verification is off for this rule"), verdict);
    }

    @Test
    void givenRuleTrustingIdentitiesAndKeys_whenEitherKindOfBundleIsAttached_thenAccepted() {
        String rule = SigstoreFixtures.keylessRule("enforce", IDENTITY, ISSUER) + ", "
                + SigstoreFixtures.keyRule("enforce", true, "key-ecdsa.pub.pem").replace("\"mode\": \"enforce\", ", "");
        ManifestVerifier verifier = new ManifestVerifier(SigstoreFixtures.policy(temp, "trusted_root.json", rule));

        assertInstanceOf(Verdict.Accepted.class, verify(verifier, REPO, GOOD));
        Verdict keyed = verify(verifier, REPO, SigstoreFixtures.bytes("keyed-ecdsa-dsse.sigstore.json"));
        assertEquals("key", assertInstanceOf(Verdict.Accepted.class, keyed).signer().kind());
    }

    @Test
    void givenDigestThatIsNotOfTheBytes_whenSubjectBuilt_thenRefused() {
        byte[] bytes = SigstoreFixtures.bytes("manifest-a.json");

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ManifestSubject(bytes, SigstoreFixtures.manifestB().digest()));
        assertTrue(e.getMessage().startsWith("manifest bytes hash to sha256:"));
    }
}
