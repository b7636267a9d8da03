package io.lading.puller.client;

import io.lading.spec.api.Headers;
import io.lading.spec.api.Limits;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.manifest.InvalidManifestException;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/** end-3 (GET manifest) and end-7 (PUT manifest), keeping the exact bytes in both directions. */
final class ManifestEndpoint {
    /** Every manifest type we can read, so a registry never has to convert one for us. */
    private static final String ACCEPT = String.join(", ", new TreeSet<>(MediaTypes.MANIFESTS));

    private final Transport transport;

    ManifestEndpoint(Transport transport) {
        this.transport = transport;
    }

    // GET /v2/<name>/manifests/<reference>
    ManifestPull pull(RepositoryName repository, Reference reference) throws IOException {
        String action = "pulling manifest " + repository + (reference instanceof DigestReference ? "@" : ":") + reference;
        RegistryCall call = RegistryCall.get(action, transport.url("v2/" + repository + "/manifests/" + reference), Scopes.pull(repository))
                .withHeaders(Map.of(Headers.ACCEPT, ACCEPT));
        try (Response r = transport.expect(call, 200)) {
            byte[] bytes = readBounded(action, r);
            DigestAlgorithm algorithm = reference instanceof DigestReference d ? d.digest().algorithm() : DigestAlgorithm.SHA256;
            Digest actual = Digest.compute(algorithm, bytes);
            if (reference instanceof DigestReference d && !d.digest().equals(actual)) {
                throw new RegistryException(action + ": the registry sent " + bytes.length + " bytes whose digest is " + actual
                        + "; the content does not match the digest asked for", r.code(), "DIGEST_INVALID");
            }
            String contentType = r.header(Headers.CONTENT_TYPE);
            Manifest manifest;
            try {
                manifest = Manifest.parse(bytes, contentType);
            } catch (InvalidManifestException e) {
                throw new RegistryException(action + ": the registry sent " + bytes.length + " bytes that are not a manifest we accept: "
                        + e.getMessage(), r.code(), null);
            }
            return new ManifestPull(bytes, manifest.mediaType(), actual);
        }
    }

    // PUT /v2/<name>/manifests/<reference>
    Digest push(RepositoryName repository, String tagOrDigest, byte[] bytes, String mediaType) throws IOException {
        Reference reference = Reference.parse(tagOrDigest);
        Digest digest = reference instanceof DigestReference d ? Digest.compute(d.digest().algorithm(), bytes) : Digest.sha256Of(bytes);
        if (reference instanceof DigestReference d && !d.digest().equals(digest)) {
            throw new IllegalArgumentException("the manifest bytes have digest " + digest + ", not " + d.digest() + " as named");
        }
        String action = "pushing manifest " + repository + (reference instanceof DigestReference ? "@" : ":") + reference;
        RequestBody body = RequestBody.create(bytes, MediaType.get(mediaType));
        RegistryCall call = new RegistryCall(action, "PUT", transport.url("v2/" + repository + "/manifests/" + reference),
                Map.of(), body, Scopes.push(repository), true);
        try (Response r = transport.expect(call, 201)) {
            String told = r.header(Headers.DOCKER_CONTENT_DIGEST);
            if (told != null && !told.equals(digest.toString())) {
                throw new RegistryException(action + ": the registry stored it as " + told + " but the bytes sent have digest "
                        + digest, r.code(), null);
            }
            return digest;
        }
    }

    private static byte[] readBounded(String action, Response r) throws IOException {
        long declared = r.body().contentLength();
        if (declared > Limits.MAX_MANIFEST_BYTES) {
            throw new RegistryException(action + ": the manifest is " + declared + " bytes, over the " + Limits.MAX_MANIFEST_BYTES
                    + "-byte limit", r.code(), null);
        }
        BufferedSource source = r.body().source();
        if (source.request(Limits.MAX_MANIFEST_BYTES + 1L)) {
            throw new RegistryException(action + ": the manifest is over the " + Limits.MAX_MANIFEST_BYTES + "-byte limit", r.code(), null);
        }
        return source.readByteArray();
    }
}
