package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.api.Limits;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.manifest.MediaTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** end-7: pushing manifests by tag and by digest, and what a registry must refuse. */
class ManifestPushIT {

    /** A manifest over a pushed config and no layers, padded with an annotation to exactly {@code size} bytes. */
    private static byte[] padded(String repo, int size) {
        byte[] config = "{}".getBytes();
        pushBlob(repo, config);
        String head = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + Ref.of(MediaTypes.OCI_EMPTY, config).json() + ",\"layers\":[],\"annotations\":{\"pad\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes();
    }

    @Test
    void end7_aManifestPushedByTagIs201WithLocationAndTheDigestOfItsBytes() {
        // given
        String repo = repo();
        byte[] m = modelOnly(repo, "");
        // when
        var r = pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, m);
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        assertNotNull(header(r, Headers.LOCATION));
        assertEquals(Digest.sha256Of(m).toString(), header(r, Headers.DOCKER_CONTENT_DIGEST));
    }

    @Test
    void end7_aManifestPushedByItsDigestIs201AndPullableByIt() {
        // given
        String repo = repo();
        byte[] m = modelOnly(repo, "");
        Digest d = Digest.sha256Of(m);
        // when
        var r = pushManifest(repo, d.toString(), MediaTypes.OCI_MANIFEST, m);
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        assertArrayEquals(m, pullManifest(repo, d.toString()).body());
    }

    @Test
    void end7_aPushByADigestThatDoesNotMatchTheBytesIsRefused() {
        // given
        String repo = repo();
        byte[] m = modelOnly(repo, "");
        Digest wrong = Digest.sha256Of("other".getBytes());
        // when
        var r = pushManifest(repo, wrong.toString(), MediaTypes.OCI_MANIFEST, m);
        // then
        assertError(r, 400, ErrorCode.DIGEST_INVALID, ErrorCode.MANIFEST_INVALID);
        assertEquals(404, pullManifest(repo, wrong.toString()).statusCode());
    }

    @Test
    void code5_aManifestNamingALayerTheRepositoryLacksIsManifestBlobUnknown() {
        // given: the config is pushed, the layer is not
        String repo = repo();
        byte[] config = "{}".getBytes();
        pushBlob(repo, config);
        byte[] m = modelManifest(Ref.of(MediaTypes.MODEL_CONFIG, config), List.of(Ref.of(MediaTypes.MODEL_WEIGHT_RAW, bytes(8))), "").getBytes();
        // when
        var r = pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, m);
        // then
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, () -> "status " + r.statusCode());
        assertErrorCode(r, ErrorCode.MANIFEST_BLOB_UNKNOWN);
    }

    @Test
    void code5_aManifestNamingAConfigTheRepositoryLacksIsManifestBlobUnknown() {
        // given: the layer is pushed, the config is not
        String repo = repo();
        byte[] layer = bytes(64);
        pushBlob(repo, layer);
        byte[] m = modelManifest(Ref.of(MediaTypes.MODEL_CONFIG, "{\"x\":1}".getBytes()), List.of(Ref.of(MediaTypes.MODEL_WEIGHT_RAW, layer)), "").getBytes();
        // when
        var r = pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, m);
        // then
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, () -> "status " + r.statusCode());
        assertErrorCode(r, ErrorCode.MANIFEST_BLOB_UNKNOWN);
    }

    @Test
    void code6_aManifestThatIsNotJsonIsManifestInvalid() {
        // given
        String repo = repo();
        pushBlob(repo, bytes(3));
        // when
        var r = pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, "not json".getBytes());
        // then
        assertError(r, 400, ErrorCode.MANIFEST_INVALID);
    }

    @Test
    void end7_aManifestOfExactly4MiBIsAccepted() {
        // given: the spec asks registries to accept manifests of at least 4 MiB
        String repo = repo();
        byte[] m = padded(repo, Limits.MAX_MANIFEST_BYTES);
        // when
        var r = pushManifest(repo, "big", MediaTypes.OCI_MANIFEST, m);
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        assertArrayEquals(m, pullManifest(repo, "big").body());
    }

    @Test
    void end7_aManifestOver4MiBIsRefused() {
        // given
        String repo = repo();
        byte[] m = padded(repo, Limits.MAX_MANIFEST_BYTES + 1);
        // when
        var r = pushManifest(repo, "big", MediaTypes.OCI_MANIFEST, m);
        // then
        assertTrue(r.statusCode() == 413 || r.statusCode() == 400, () -> "status " + r.statusCode());
        assertEquals(404, pullManifest(repo, "big").statusCode());
    }

    @Test
    void end7_anImageIndexOverPushedManifestsIsAcceptedAndServedAsAnIndex() {
        // given
        String repo = repo();
        byte[] m = pushModel(repo, "amd64", "");
        byte[] index = index(List.of(Ref.of(MediaTypes.OCI_MANIFEST, m))).getBytes();
        // when
        var r = pushManifest(repo, "multi", MediaTypes.OCI_INDEX, index);
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        var pulled = pullManifest(repo, "multi");
        assertArrayEquals(index, pulled.body());
        assertEquals(MediaTypes.OCI_INDEX, header(pulled, Headers.CONTENT_TYPE));
    }

    @Test
    void code5_anIndexNamingAManifestTheRepositoryLacksIsManifestBlobUnknown() {
        // given
        String repo = repo();
        pushModel(repo, "v1", "");
        byte[] index = index(List.of(new Ref(MediaTypes.OCI_MANIFEST, Digest.sha256Of(bytes(5)), 5))).getBytes();
        // when
        var r = pushManifest(repo, "multi", MediaTypes.OCI_INDEX, index);
        // then
        assertTrue(r.statusCode() == 400 || r.statusCode() == 404, () -> "status " + r.statusCode() + " " + new String(r.body()));
        assertErrorCode(r, ErrorCode.MANIFEST_BLOB_UNKNOWN);
    }

    @Test
    void end7_aDockerSchema2ManifestIsAcceptedAndServedWithItsType() {
        // given: what older Docker clients push
        String repo = repo();
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes();
        byte[] layer = bytes(100);
        pushBlob(repo, config);
        pushBlob(repo, layer);
        String m = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":"
                + Ref.of("application/vnd.docker.container.image.v1+json", config).json() + ",\"layers\":["
                + Ref.of("application/vnd.docker.image.rootfs.diff.tar.gzip", layer).json() + "]}";
        // when
        var r = pushManifest(repo, "old", MediaTypes.DOCKER_MANIFEST, m.getBytes());
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        var pulled = get(manifestPath(repo, "old"), Headers.ACCEPT, MediaTypes.DOCKER_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, header(pulled, Headers.CONTENT_TYPE));
        assertArrayEquals(m.getBytes(), pulled.body());
    }
}
