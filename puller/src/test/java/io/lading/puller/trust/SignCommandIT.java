package io.lading.puller.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lading sign --key} then {@code lading verify --key}: a keyed bundle made by our signer, attached as an OCI
 * 1.1 referrer in a real in-process registry, read back through the referrers API and verified by the same code
 * as the puller; another key is refused.
 */
class SignCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);
    @TempDir
    Path temp;
    private RepositoryName repo;
    private Digest manifest;

    @BeforeEach
    void pushAVersion() throws Exception {
        repo = TestFiles.uniqueRepository("signed");
        Path files = Files.createDirectories(temp.resolve("model"));
        TestFiles.random(files, "weights.bin", 70_000, 7);
        manifest = new ArtifactPusher(registry.admin(), 2, null)
                .push(repo, Tag.parse("v1"), files, PushListener.NONE).manifestDigest();
    }

    private static RegistryCli lading(String command, String... args) {
        return RegistryCli.run(registry.url(), command, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "Ed25519"})
    void givenVersionSignedWithKey_whenVerifiedWithItsPublicKey_thenAccepted_andWithAnotherKey_thenRefused(String algorithm)
            throws Exception {
        TestKeys release = TestKeys.generate(temp, "release", algorithm);
        TestKeys other = TestKeys.generate(temp, "other", algorithm);

        release.sign(registry.url(), repo + ":v1");
        RegistryCli ok = lading("verify", "--key", release.publicPem().toString(), repo + ":v1");
        RegistryCli bad = lading("verify", "--key", other.publicPem().toString(), repo + "@" + manifest);

        assertEquals(0, ok.exit(), ok.err());
        assertEquals(repo + "@" + manifest + " accepted by rule '--key': signed by key release.pub.pem", ok.out().strip());
        assertEquals(1, bad.exit());
        assertEquals("lading: " + repo + "@" + manifest + " rejected by rule '--key': signature does not verify with"
                + " any of the 1 key(s) of rule '--key' (trusted: other.pub.pem; the bundle has key hint "
                + TrustedKey.fromFile(null, release.publicPem()).fingerprint() + ")", bad.err().strip());
    }

    @Test
    void givenSignedVersion_whenReferrersAreListed_thenTheBundleIsACosignV3ShapedReferrer() throws Exception {
        TestKeys release = TestKeys.generate(temp, "release", "EC");

        Digest referrer = Digest.parse(release.sign(registry.url(), repo + "@" + manifest));

        List<Descriptor> listed = registry.admin().referrers(repo, manifest, MediaTypes.SIGSTORE_BUNDLE);
        assertEquals(List.of(referrer.toString()), listed.stream().map(Descriptor::digest).toList());
        Manifest signature = registry.admin().manifest(repo, new DigestReference(referrer)).manifest();
        assertEquals(MediaTypes.SIGSTORE_BUNDLE, signature.artifactType());
        assertEquals(manifest.toString(), signature.subject().digest());
        assertEquals(MediaTypes.OCI_EMPTY, signature.config().mediaType());
        assertEquals(1, signature.layers().size());
        byte[] bundle;
        try (InputStream in = registry.admin().openBlob(repo, signature.layers().get(0).parsedDigest(), 0,
                signature.layers().get(0).size())) {
            bundle = in.readAllBytes();
        }
        SigstoreBundle parsed = SigstoreBundle.parse(bundle);
        assertTrue(parsed.content() instanceof SigstoreBundle.Dsse, "cosign v3 shape: a DSSE envelope");
        assertEquals(TrustedKey.fromFile(null, release.publicPem()).fingerprint(), parsed.publicKeyHint().orElseThrow());
        assertTrue(parsed.tlogEntries().isEmpty(), "no transparency-log entry");
        JsonNode statement = JSON.readTree(((SigstoreBundle.Dsse) parsed.content()).payload());
        assertEquals(manifest.hex(), statement.path("subject").get(0).path("digest").path("sha256").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "ED25519"})
    void givenKeysMadeByOpenssl_whenSignedAndVerified_thenAccepted(String algorithm) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path key = temp.resolve("openssl.pem");
        Path pub = temp.resolve("openssl.pub.pem");
        List<String> generate = algorithm.equals("EC")
                ? List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString())
                : List.of("openssl", "genpkey", "-algorithm", "ED25519", "-out", key.toString());
        assertEquals(0, new ProcessBuilder(generate).inheritIO().start().waitFor());
        assertEquals(0, new ProcessBuilder("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString())
                .inheritIO().start().waitFor());

        new TestKeys(key, pub).sign(registry.url(), repo + ":v1");
        RegistryCli ok = lading("verify", "--key", pub.toString(), repo + ":v1");

        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("signed by key openssl.pub.pem"), ok.out());
    }

    @Test
    void givenAPublicKeyInsteadOfAPrivateOne_whenSigning_thenOneLineError() throws Exception {
        TestKeys release = TestKeys.generate(temp, "release", "EC");

        RegistryCli run = lading("sign", "--key", release.publicPem().toString(), repo + ":v1");

        assertEquals(1, run.exit());
        assertTrue(run.err().strip().startsWith("lading: private key file " + release.publicPem()
                + " is not a PKCS#8 PEM"), run.err());
        assertEquals(1, run.err().strip().lines().count());
        assertTrue(registry.admin().referrers(repo, manifest, null).isEmpty(), "nothing was attached");
    }
}
