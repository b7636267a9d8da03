package io.lading.puller.trust;

import static io.lading.puller.trust.SigstoreFixtures.IDENTITY;
import static io.lading.puller.trust.SigstoreFixtures.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.BlobBody;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lading verify} end to end: fixture manifests pushed to a real in-process registry, bundles
 * attached as OCI 1.1 referrers the way cosign v3 attaches them, verified through the referrers API.
 */
class VerifyCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);
    @TempDir
    Path temp;
    private RepositoryName repo;
    private Path policy;


    @BeforeEach
    void pushManifests() throws Exception {
        repo = TestFiles.uniqueRepository("models");
        for (String blob : List.of("weights A", "weights B", "{}")) {
            upload(blob.getBytes(StandardCharsets.UTF_8));
        }
        registry.admin().putManifest(repo, "v1", SigstoreFixtures.bytes("manifest-a.json"), MediaTypes.OCI_MANIFEST);
        registry.admin().putManifest(repo, "v2", SigstoreFixtures.bytes("manifest-b.json"), MediaTypes.OCI_MANIFEST);
        policy = Files.writeString(temp.resolve("policy.json"), """
                {"version": 1, "trustedRoot": "%s", "rules": [{"name": "models", "repositories": "models/**",
                 "mode": "enforce", "identities": [{"identity": "%s", "issuer": "%s"}]}]}
                """.formatted(SigstoreFixtures.dir().resolve("trusted_root.json"), IDENTITY, ISSUER));
    }

    private Digest upload(byte[] bytes) throws Exception {
        Digest digest = Digest.sha256Of(bytes);
        registry.admin().uploadBlob(repo, digest, bytes.length, BlobBody.of(bytes), null, n -> { });
        return digest;
    }

    /** As cosign v3 does: an image manifest whose subject is the signed manifest and whose layer is the bundle. */
    private void attach(String manifestFixture, String bundleFixture) throws Exception {
        byte[] subject = SigstoreFixtures.bytes(manifestFixture);
        byte[] bundle = SigstoreFixtures.bytes(bundleFixture);
        Digest bundleDigest = upload(bundle);
        byte[] referrer = JSON.writeValueAsBytes(Map.of(
                "schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST, "artifactType", MediaTypes.SIGSTORE_BUNDLE,
                "config", Map.of("mediaType", MediaTypes.OCI_EMPTY, "digest", Digest.sha256Of(EMPTY_CONFIG).toString(),
                        "size", EMPTY_CONFIG.length),
                "layers", List.of(Map.of("mediaType", MediaTypes.SIGSTORE_BUNDLE, "digest", bundleDigest.toString(),
                        "size", bundle.length)),
                "subject", Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", Digest.sha256Of(subject).toString(),
                        "size", subject.length)));
        registry.admin().putManifest(repo, Digest.sha256Of(referrer).toString(), referrer, MediaTypes.OCI_MANIFEST);
    }


    private static RegistryCli lading(String... args) {
        return RegistryCli.run(registry.url(), "verify", args);
    }

    private static String oneLine(RegistryCli run) {
        String err = run.err().strip();
        assertTrue(!err.isEmpty() && !err.contains("\n"), () -> "expected one line on stderr, got '" + run.err() + "'");
        return err;
    }

    @Test
    void givenKeylessBundleAttachedAsReferrer_whenVerifiedByTag_thenExitZeroNamingRuleAndIdentity() throws Exception {
        attach("manifest-a.json", "keyless-dsse.sigstore.json");

        RegistryCli run = lading("--policy", policy.toString(), repo + ":v1");

        assertEquals(0, run.exit(), run.err());
        assertEquals(repo + "@" + SigstoreFixtures.manifestA().digest() + " accepted by rule 'models': signed by "
                + IDENTITY + " (issuer " + ISSUER + ")", run.out().strip());
    }

    @Test
    void givenKeylessBundle_whenVerifiedByDigestWithJson_thenJsonSaysAccepted() throws Exception {
        attach("manifest-a.json", "keyless-blob.sigstore.json");

        RegistryCli run = lading("--policy", policy.toString(), "--json", repo + "@" + SigstoreFixtures.manifestA().digest());

        assertEquals(0, run.exit(), run.err());
        JsonNode json = JSON.readTree(run.out());
        assertEquals("accepted", json.path("verdict").asText());
        assertEquals("models", json.path("rule").asText());
        assertEquals(IDENTITY, json.path("signer").path("who").asText());
        assertEquals("2026-11-30T02:09:51Z", json.path("signedAt").asText(), "the Rekor entry's integrated time");
        assertEquals(1, json.path("bundles").asInt());
    }

    @Test
    void givenNoBundleAttached_whenVerified_thenExitOneWithOneLineReason() {
        RegistryCli run = lading("--policy", policy.toString(), repo + ":v2");

        assertEquals(1, run.exit());
        assertTrue(oneLine(run).endsWith("rejected by rule 'models': no Sigstore bundle is attached to "
                + SigstoreFixtures.manifestB().digest()), run.err());
    }

    @Test
    void givenBundleOfAnotherManifestAttached_whenVerified_thenRejected() throws Exception {
        attach("manifest-b.json", "keyless-blob-manifest-b.sigstore.json");
        attach("manifest-a.json", "keyless-blob-manifest-b.sigstore.json");

        RegistryCli run = lading("--policy", policy.toString(), repo + ":v1");

        assertEquals(1, run.exit());
        assertTrue(oneLine(run).contains("artifact digest does not match"), run.err());
        assertEquals(0, lading("--policy", policy.toString(), repo + ":v2").exit(), "and it is valid for its own manifest");
    }

    @Test
    void givenKeyedBundle_whenVerifiedWithTheKeyAndAnotherKey_thenOnlyTheRightKeyPasses() throws Exception {
        attach("manifest-a.json", "keyless-blob.sigstore.json");
        attach("manifest-a.json", "keyed-ecdsa-dsse.sigstore.json");
        String right = SigstoreFixtures.dir().resolve("key-ecdsa.pub.pem").toString();
        String wrong = SigstoreFixtures.dir().resolve("key-ecdsa-other.pub.pem").toString();

        RegistryCli ok = lading("--key", right, repo + ":v1");
        RegistryCli bad = lading("--key", wrong, "--json", repo + ":v1");

        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("accepted by rule '--key': signed by key key-ecdsa.pub.pem"), ok.out());
        assertEquals(1, bad.exit());
        assertEquals("rejected", JSON.readTree(bad.out()).path("verdict").asText());
        assertTrue(oneLine(bad).contains("none of 2 bundles verified"), bad.err());
    }

    @Test
    void givenKeyedBundleAndTrustedRoot_whenVerifiedWithKey_thenItsLogEntryIsRequiredAndChecked() throws Exception {
        attach("manifest-a.json", "keyed-ed25519-blob.sigstore.json");

        RegistryCli run = lading("--key", SigstoreFixtures.dir().resolve("key-ed25519.pub.pem").toString(), "--trusted-root",
                SigstoreFixtures.dir().resolve("trusted_root.json").toString(), repo + ":v1");
        RegistryCli foreign = lading("--key", SigstoreFixtures.dir().resolve("key-ed25519.pub.pem").toString(), "--trusted-root",
                SigstoreFixtures.dir().resolve("foreign_trusted_root.json").toString(), repo + ":v1");

        assertEquals(0, run.exit(), run.err());
        assertEquals(1, foreign.exit());
        assertTrue(oneLine(foreign).contains("transparency-log entry not verified"), foreign.err());
    }

    @Test
    void givenBothPolicyAndKey_whenVerified_thenUsageErrorOnOneLine() {
        RegistryCli run = lading("--policy", policy.toString(), "--key", "k.pem", repo + ":v1");

        assertEquals(1, run.exit());
        assertEquals("lading: give exactly one of --policy <file> or --key <public.pem>", oneLine(run));
    }

    @Test
    void givenMissingKeyFile_whenVerified_thenOneLineErrorNamesIt() {
        RegistryCli run = lading("--key", temp.resolve("absent.pem").toString(), repo + ":v1");

        assertEquals(1, run.exit());
        assertEquals("lading: key file " + temp.resolve("absent.pem") + " does not exist", oneLine(run));
    }

    @Test
    void givenUnparseablePolicy_whenVerified_thenOneLineErrorNamesTheFile() throws Exception {
        Path bad = Files.writeString(temp.resolve("bad.json"), "{\"version\": 1, \"rules\": [{\"mode\": \"off\"}]}");

        RegistryCli run = lading("--policy", bad.toString(), repo + ":v1");

        assertEquals(1, run.exit());
        assertEquals("lading: trust policy " + bad + ": rules[0].repositories is required", oneLine(run));
    }
}
