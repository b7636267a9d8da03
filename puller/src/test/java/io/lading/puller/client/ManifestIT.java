package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** end-3, end-7 and end-12 against a real registry: exact bytes, client-side digests, referrers. */
class ManifestIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);
    /** Created per test, after the registry has started. */
    private final RegistryClient client = registry.admin();

    /** A manifest over one uploaded config blob, written with odd spacing so re-serialising would change its digest. */
    private byte[] manifest(RepositoryName repo, String mediaType, String extra) throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        client.uploadBlob(repo, configDigest, config.length, BlobBody.of(config), null, n -> { });
        return ("{ \"schemaVersion\":2,\n  \"mediaType\": \"" + mediaType + "\"" + extra + ",\n  \"config\": {\"mediaType\":\""
                + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + configDigest + "\",\"size\":2},\n  \"layers\": [] }\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenOciManifest_whenPushedByTag_thenPulledByTagAndDigestWithExactBytesAndOwnDigest() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("manifests");
        byte[] bytes = manifest(repo, MediaTypes.OCI_MANIFEST, ", \"artifactType\": \"" + MediaTypes.MODEL_ARTIFACT + "\"");

        Digest pushed = client.putManifest(repo, "v1", bytes, MediaTypes.OCI_MANIFEST);

        assertEquals(Digest.sha256Of(bytes), pushed);
        ManifestPull byTag = client.manifest(repo, Tag.parse("v1"));
        assertArrayEquals(bytes, byTag.bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());
        assertEquals(pushed, byTag.digest());
        assertEquals(MediaTypes.MODEL_ARTIFACT, byTag.manifest().artifactType());
        assertArrayEquals(bytes, client.manifest(repo, new DigestReference(pushed)).bytes());
    }

    @Test
    void givenDockerSchema2AndOciIndex_whenPulled_thenBothAreAccepted() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("manifests");
        byte[] docker = manifest(repo, MediaTypes.DOCKER_MANIFEST, "");
        Digest dockerDigest = client.putManifest(repo, "docker", docker, MediaTypes.DOCKER_MANIFEST);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + dockerDigest + "\",\"size\":" + docker.length + "}]}").getBytes(StandardCharsets.UTF_8);
        client.putManifest(repo, "index", index, MediaTypes.OCI_INDEX);

        assertEquals(MediaTypes.DOCKER_MANIFEST, client.manifest(repo, Tag.parse("docker")).mediaType());
        ManifestPull pulledIndex = client.manifest(repo, Tag.parse("index"));
        assertEquals(MediaTypes.OCI_INDEX, pulledIndex.mediaType());
        assertEquals(dockerDigest.toString(), pulledIndex.manifest().manifests().get(0).digest());
    }

    @Test
    void givenUnknownTag_whenPulled_thenOneLineErrorWithOciCode() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("manifests");
        client.putManifest(repo, "v1", manifest(repo, MediaTypes.OCI_MANIFEST, ""), MediaTypes.OCI_MANIFEST);

        RegistryException e = assertThrows(RegistryException.class, () -> client.manifest(repo, Tag.parse("nope")));

        assertEquals(404, e.status());
        assertEquals("MANIFEST_UNKNOWN", e.code());
        assertTrue(e.getMessage().startsWith("pulling manifest " + repo + ":nope: HTTP 404 MANIFEST_UNKNOWN: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void givenManifestBytesAndAnotherDigest_whenPushedByDigest_thenRefusedBeforeSending() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("manifests");
        byte[] bytes = manifest(repo, MediaTypes.OCI_MANIFEST, "");

        assertThrows(IllegalArgumentException.class,
                () -> client.putManifest(repo, Digest.sha256Of(new byte[] {9}).toString(), bytes, MediaTypes.OCI_MANIFEST));
        Digest byDigest = client.putManifest(repo, Digest.sha256Of(bytes).toString(), bytes, MediaTypes.OCI_MANIFEST);
        assertArrayEquals(bytes, client.manifest(repo, new DigestReference(byDigest)).bytes());
    }

    @Test
    void givenTwoReferrersOfDifferentTypes_whenListedWithArtifactType_thenOnlyThatTypeComesBack() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("referrers");
        byte[] subjectBytes = manifest(repo, MediaTypes.OCI_MANIFEST, "");
        Digest subject = client.putManifest(repo, "v1", subjectBytes, MediaTypes.OCI_MANIFEST);
        String subjectField = ", \"subject\": {\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":"
                + subjectBytes.length + "}";
        byte[] signature = manifest(repo, MediaTypes.OCI_MANIFEST, ", \"artifactType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\"" + subjectField);
        byte[] sbom = manifest(repo, MediaTypes.OCI_MANIFEST, ", \"artifactType\": \"application/spdx+json\"" + subjectField);
        Digest signatureDigest = client.putManifest(repo, Digest.sha256Of(signature).toString(), signature, MediaTypes.OCI_MANIFEST);
        client.putManifest(repo, Digest.sha256Of(sbom).toString(), sbom, MediaTypes.OCI_MANIFEST);

        List<Descriptor> signatures = client.referrers(repo, subject, "application/vnd.dev.sigstore.bundle.v0.3+json");

        assertEquals(1, signatures.size());
        assertEquals(signatureDigest.toString(), signatures.get(0).digest());
        assertEquals(2, client.referrers(repo, subject, null).size());
    }
}
