package io.lading.puller.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.BlobBody;
import io.lading.puller.client.RegistryClient;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sigstore bundles attached to a manifest, as cosign v3 attaches them: OCI 1.1 referrers whose
 * artifactType is the bundle media type, each an image manifest with the bundle as its one layer.
 * Bounded: at most {@link #MAX_REFERRERS} referrers and {@link SigstoreBundle#MAX_BYTES} per bundle,
 * so a registry (or whoever can push to it) cannot make a host read without end.
 */
public final class RegistryBundles {

    /** Far more signatures than any version gets; anything beyond is ignored, never read. */
    public static final int MAX_REFERRERS = 32;

    /** The OCI empty descriptor's content, {@code {}}: the config of an artifact that has none. */
    private static final byte[] EMPTY_JSON = {'{', '}'};
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryClient client;

    public RegistryBundles(RegistryClient client) {
        this.client = client;
    }

    // GET /v2/<name>/referrers/<digest>?artifactType=application/vnd.dev.sigstore.bundle.v0.3+json
    public List<byte[]> attachedTo(RepositoryName repository, Digest manifest) throws IOException {
        List<byte[]> bundles = new ArrayList<>();
        List<Descriptor> referrers = client.referrers(repository, manifest, MediaTypes.SIGSTORE_BUNDLE);
        for (Descriptor referrer : referrers.subList(0, Math.min(referrers.size(), MAX_REFERRERS))) {
            Manifest signature = client.manifest(repository, new DigestReference(referrer.parsedDigest())).manifest();
            for (Descriptor layer : signature.layers()) {
                if (MediaTypes.SIGSTORE_BUNDLE.equals(layer.mediaType()) && layer.size() > 0
                        && layer.size() <= SigstoreBundle.MAX_BYTES) {
                    bundles.add(read(repository, layer));
                }
            }
        }
        return bundles;
    }

    /**
     * Attaches a bundle to a manifest as cosign v3 does: an image manifest whose {@code subject} is the signed
     * manifest, {@code artifactType} the bundle media type, the bundle its single layer and the OCI empty
     * descriptor its config. Returns the referrer's digest.
     */
    public Digest attach(RepositoryName repository, Descriptor subject, byte[] bundle) throws IOException {
        Digest bundleDigest = upload(repository, bundle);
        Digest emptyDigest = upload(repository, EMPTY_JSON);
        Map<String, Object> referrer = new LinkedHashMap<>();
        referrer.put("schemaVersion", 2);
        referrer.put("mediaType", MediaTypes.OCI_MANIFEST);
        referrer.put("artifactType", MediaTypes.SIGSTORE_BUNDLE);
        referrer.put("config", Map.of("mediaType", MediaTypes.OCI_EMPTY, "digest", emptyDigest.toString(),
                "size", EMPTY_JSON.length, "data", "e30="));
        referrer.put("layers", List.of(Map.of("mediaType", MediaTypes.SIGSTORE_BUNDLE,
                "digest", bundleDigest.toString(), "size", bundle.length)));
        referrer.put("subject", Map.of("mediaType", subject.mediaType(), "digest", subject.digest(),
                "size", subject.size()));
        byte[] bytes = JSON.writeValueAsBytes(referrer);
        Digest digest = Digest.sha256Of(bytes);
        client.putManifest(repository, digest.toString(), bytes, MediaTypes.OCI_MANIFEST);
        return digest;
    }

    private Digest upload(RepositoryName repository, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256Of(bytes);
        if (!client.hasBlob(repository, digest)) {
            client.uploadBlob(repository, digest, bytes.length, BlobBody.of(bytes), null, sent -> { });
        }
        return digest;
    }

    /** Reads one small blob and checks it against its digest: the registry is not trusted for content. */
    private byte[] read(RepositoryName repository, Descriptor layer) throws IOException {
        Digest digest = layer.parsedDigest();
        byte[] bytes;
        try (InputStream in = client.openBlob(repository, digest, 0, layer.size())) {
            bytes = in.readNBytes((int) layer.size() + 1);
        }
        if (bytes.length != layer.size() || !Digest.compute(digest.algorithm(), bytes).equals(digest)) {
            throw new IOException("bundle blob " + digest + " in " + repository + " does not match its descriptor ("
                    + bytes.length + " bytes received, " + layer.size() + " expected)");
        }
        return bytes;
    }
}
