package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client takes nothing on the registry's word: bytes that changed on the way, or a range it ignored, are errors. */
class IntegrityIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);

    @TempDir
    Path tmp;
    private FaultProxy proxy;
    private RegistryClient client;
    private final RepositoryName repo = TestFiles.uniqueRepository("integrity");

    @BeforeEach
    void proxy() throws Exception {
        proxy = new FaultProxy(registry.url());
        client = new RegistryClient(proxy.url(), new Credentials(TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD),
                ClientSettings.DEFAULT.withRetry(RetryPolicy.none()));
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void givenManifestChangedInTransit_whenPulledByDigest_thenDigestMismatchIsAnError() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        client.uploadBlob(repo, Digest.sha256Of(config), config.length, BlobBody.of(config), null, n -> { });
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + Digest.sha256Of(config) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        Digest digest = client.putManifest(repo, "v1", manifest, MediaTypes.OCI_MANIFEST);
        client.manifest(repo, new DigestReference(digest)); // holds the pull token now, so the fault hits the real answer, not a 401
        proxy.corrupt(1, s -> s.method().equals("GET") && s.pathAndQuery().contains("/manifests/"));

        RegistryException e = assertThrows(RegistryException.class, () -> client.manifest(repo, new DigestReference(digest)));

        assertEquals("DIGEST_INVALID", e.code());
        assertTrue(e.getMessage().contains("does not match the digest asked for"), e.getMessage());
        assertArrayEquals(manifest, client.manifest(repo, new DigestReference(digest)).bytes(), "the next, unharmed pull succeeds");
    }

    private Digest blobWhoseNextGetLosesItsRange(Path file) throws Exception {
        Digest digest = TestFiles.digest(file);
        client.uploadBlob(repo, digest, file, null, n -> { });
        client.hasBlob(repo, digest); // holds the pull token now, so the fault hits the real answer, not a 401
        proxy.ignoreRange(1, s -> s.method().equals("GET"));
        return digest;
    }

    @Test
    void givenRangeIgnoredOnTheWay_whenOpeningPartOfABlob_thenTheWholeBlobIsNotTakenForThePart() throws Exception {
        Path file = TestFiles.random(tmp, "b", 50_000, 13);
        Digest digest = blobWhoseNextGetLosesItsRange(file);

        RegistryException e = assertThrows(RegistryException.class, () -> client.openBlob(repo, digest, 100, 1000));

        assertTrue(e.getMessage().contains("ignored the range and sent 50000 bytes from the start (HTTP 200)"), e.getMessage());
    }

    @Test
    void givenRangeIgnoredOnTheWay_whenTheRangeIsTheWholeBlob_thenThe200IsAccepted() throws Exception {
        Path file = TestFiles.random(tmp, "w", 50_000, 14);
        Digest digest = blobWhoseNextGetLosesItsRange(file);

        assertArrayEquals(Files.readAllBytes(file), TestFiles.read(client.openBlob(repo, digest, 0, 50_000)));
    }
}
