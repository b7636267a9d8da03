package io.lading.spec.manifest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String imageManifest(String extra) {
        return """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.cncf.model.config.v1+json","digest":"%s","size":2},
             "layers":[{"mediaType":"application/vnd.cncf.model.weight.v1.raw","digest":"%s","size":10,
                        "annotations":{"org.opencontainers.image.title":"shard-1.safetensors"}}]%s}
            """.formatted(D1, D2, extra);
    }

    @Test
    void readsConfigLayersAndArtifactType() {
        Manifest m = Manifest.parse(bytes(imageManifest("")), MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(2, m.blobReferences().size());
        assertEquals("shard-1.safetensors", m.layers().get(0).annotations().get("org.opencontainers.image.title"));
        assertEquals(MediaTypes.MODEL_CONFIG, m.effectiveArtifactType().orElseThrow());
        assertTrue(m.subjectDescriptor().isEmpty());
    }

    @Test
    void readsSubjectAndExplicitArtifactType() {
        String extra = ",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":5}";
        Manifest m = Manifest.parse(bytes(imageManifest(extra)), null);
        assertEquals(D1, m.subject().digest());
        assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", m.effectiveArtifactType().orElseThrow());
    }

    @Test
    void readsAnIndex() {
        String index = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
             "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7}]}
            """.formatted(D1);
        Manifest m = Manifest.parse(bytes(index), MediaTypes.OCI_INDEX);
        assertTrue(m.isIndex());
        assertEquals(1, m.manifests().size());
        assertTrue(m.blobReferences().isEmpty());
    }

    @Test
    void rejectsWhatIsNotAManifest() {
        assertThrows(InvalidManifestException.class, () -> Manifest.parse(bytes("not json"), MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> Manifest.parse(bytes("[]"), MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> Manifest.parse(bytes("{\"schemaVersion\":1}"), MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class,
                () -> Manifest.parse(bytes(imageManifest("")), MediaTypes.DOCKER_MANIFEST), "mediaType disagrees with Content-Type");
        assertThrows(InvalidManifestException.class,
                () -> Manifest.parse(bytes(imageManifest("").replace(D2, "sha256:zz")), null), "bad layer digest");
        assertThrows(InvalidManifestException.class,
                () -> Manifest.parse(bytes("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}"), null));
    }
}
