package io.lading.conformance;

import static io.lading.conformance.Http.OCTET_STREAM;
import static io.lading.conformance.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Collectors;

/** Builders of test content: fresh repository names, random blobs, manifests, and pushing them. */
final class Content {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A blob or manifest as a descriptor names it. */
    record Ref(String mediaType, Digest digest, long size) {
        String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }

        static Ref of(String mediaType, byte[] content) {
            return new Ref(mediaType, Digest.sha256Of(content), content.length);
        }
    }

    private Content() {
    }

    /** A new repository under conformance/ (the only prefix the in-process robot may use), so tests never meet. */
    static String repo() {
        return "conformance/r" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String blobPath(String repo, Digest d) {
        return "/v2/" + repo + "/blobs/" + d;
    }

    static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    static String chunkIndexPath(Digest d, String repo) {
        return "/lading/v1/blobs/" + d + "/chunks?repository=" + repo;
    }

    static String withQuery(String location, String query) {
        return location + (location.contains("?") ? "&" : "?") + query;
    }

    /** Opens an upload session (end-4a): 202 with a Location to send the content to. */
    static String startUpload(String repo) {
        var r = Http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertEquals(202, r.statusCode(), () -> "POST upload: " + new String(r.body()));
        String location = header(r, Headers.LOCATION);
        assertNotNull(location, "an upload session has a Location");
        return location;
    }

    /** Pushes a blob with POST then PUT (end-4a, end-6), the way every registry must accept; returns its digest. */
    static Digest pushBlob(String repo, byte[] content) {
        Digest d = Digest.sha256Of(content);
        var r = Http.put(withQuery(startUpload(repo), "digest=" + d), OCTET_STREAM, content);
        assertEquals(201, r.statusCode(), () -> "PUT upload: " + new String(r.body()));
        return d;
    }

    /** An OCI image manifest of a ModelPack model: its config and its weight layers, plus {@code extra} top-level JSON. */
    static String modelManifest(Ref config, List<Ref> layers, String extra) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"" + MediaTypes.MODEL_ARTIFACT + "\","
                + "\"config\":" + config.json() + ",\"layers\":[" + layers.stream().map(Ref::json).collect(Collectors.joining(",")) + "]" + extra + "}";
    }

    /** An OCI index over manifests. */
    static String index(List<Ref> manifests) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + manifests.stream().map(Ref::json).collect(Collectors.joining(",")) + "]}";
    }

    /** A ",\"subject\":{...}" member making a manifest a referrer of {@code subject}. */
    static String subject(Ref subject) {
        return ",\"subject\":" + subject.json();
    }

    /** Pushes a config and one weight layer, then a manifest over them under {@code reference}; returns the manifest. */
    static byte[] pushModel(String repo, String reference, String extra) {
        byte[] m = modelOnly(repo, extra);
        var r = pushManifest(repo, reference, MediaTypes.OCI_MANIFEST, m);
        assertEquals(201, r.statusCode(), () -> "PUT manifest: " + new String(r.body()));
        return m;
    }

    /** Pushes the blobs of a model and returns its manifest, not yet pushed. */
    static byte[] modelOnly(String repo, String extra) {
        byte[] config = "{\"descriptor\":{\"name\":\"m\"}}".getBytes();
        byte[] layer = bytes(2048);
        pushBlob(repo, config);
        pushBlob(repo, layer);
        return modelManifest(Ref.of(MediaTypes.MODEL_CONFIG, config), List.of(Ref.of(MediaTypes.MODEL_WEIGHT_RAW, layer)), extra).getBytes();
    }

    static HttpResponse<byte[]> pushManifest(String repo, String reference, String mediaType, byte[] manifest) {
        return Http.put(manifestPath(repo, reference), mediaType, manifest);
    }

    /** GET of a manifest, accepting every manifest type, as clients do. */
    static HttpResponse<byte[]> pullManifest(String repo, String reference) {
        return Http.get(manifestPath(repo, reference), Headers.ACCEPT, String.join(", ", MediaTypes.MANIFESTS));
    }
}
