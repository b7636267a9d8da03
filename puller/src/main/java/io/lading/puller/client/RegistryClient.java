package io.lading.puller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.fetch.BlobSource;
import io.lading.spec.auth.Scope;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client of a Lading (or any OCI) registry. Each HTTP step lives in its own class ({@link ManifestEndpoint},
 * {@link BlobReader}, {@link BlobUploader}, {@link ReferrersReader}); this facade wires them to one transport
 * that does the registry token flow (tokens cached per scope) and retries with backoff. Thread-safe: one
 * instance serves parallel pulls and pushes over one connection pool.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final List<String> ADMIN_SCOPE = List.of(Scope.REGISTRY + ":" + Scope.ADMIN + ":*");

    private final Transport transport;
    private final ManifestEndpoint manifests;
    private final BlobReader blobs;
    private final BlobUploader uploads;
    private final ReferrersReader referrers;

    /** A client with basic credentials, or anonymous when either is null. */
    public RegistryClient(String baseUrl, String user, String password) {
        this(baseUrl, user == null || password == null ? Credentials.anonymous() : new Credentials(user, password));
    }

    public RegistryClient(String baseUrl, Credentials credentials) {
        this(baseUrl, credentials, ClientSettings.DEFAULT);
    }

    public RegistryClient(String baseUrl, Credentials credentials, ClientSettings settings) {
        HttpUrl base = HttpUrl.parse(baseUrl);
        if (base == null) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL");
        }
        // Our own retry loop decides what is safe to repeat, so OkHttp's silent retries are off.
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(settings.connectTimeout()).readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout()).retryOnConnectionFailure(false).build();
        RetryingHttp retrying = new RetryingHttp(http, settings.retry(), settings.retryListener());
        this.transport = new Transport(base, retrying, new BearerTokens(retrying, credentials, settings.clock()), credentials);
        this.manifests = new ManifestEndpoint(transport);
        this.blobs = new BlobReader(transport);
        this.uploads = new BlobUploader(transport, settings.uploads(), settings.retry(), settings.retryListener());
        this.referrers = new ReferrersReader(transport);
    }

    public String baseUrl() {
        return transport.base().toString();
    }

    /** The manifest's exact bytes, media type and the digest computed here; by digest, a mismatch is an error. */
    public ManifestPull manifest(RepositoryName repository, Reference reference) throws IOException {
        return manifests.pull(repository, reference);
    }

    /** Stores manifest bytes as they are under a tag or digest; returns their digest. */
    public Digest putManifest(RepositoryName repository, String tagOrDigest, byte[] bytes, String mediaType) throws IOException {
        return manifests.push(repository, tagOrDigest, bytes, mediaType);
    }

    public boolean hasBlob(RepositoryName repository, Digest digest) throws IOException {
        return blobs.has(repository, digest);
    }

    /**
     * Gets the token a push to {@code repository} needs now (a HEAD of the empty blob with the push's
     * scopes), so wrong credentials fail before minutes of hashing, not after.
     */
    public void authorizePush(RepositoryName repository) throws IOException {
        blobs.has(repository, Digest.sha256Of(new byte[0]), Scopes.push(repository));
    }

    /** Bytes {@code [offset, offset + length)} of a blob, exactly; the caller closes the stream. */
    public InputStream openBlob(RepositoryName repository, Digest digest, long offset, long length) throws IOException {
        return blobs.open(repository, digest, offset, length);
    }

    public ChunkIndex chunkIndex(RepositoryName repository, Digest digest) throws IOException {
        return blobs.chunkIndex(repository, digest);
    }

    /** Descriptors of the manifests whose subject is {@code digest}; {@code artifactType} null for all. */
    public List<Descriptor> referrers(RepositoryName repository, Digest digest, String artifactType) throws IOException {
        return referrers.referrers(repository, digest, artifactType);
    }

    /**
     * Uploads a blob whose digest and size the caller already computed, mounting it from {@code mountFrom}
     * when that is non-null and holds it. {@code progress} hears the bytes sent (negative when a failed chunk
     * is rolled back).
     */
    public UploadOutcome uploadBlob(RepositoryName repository, Digest digest, long size, BlobBody body,
                                           RepositoryName mountFrom, LongConsumer progress) throws IOException {
        return uploads.upload(repository, digest, size, body, mountFrom, progress);
    }

    public UploadOutcome uploadBlob(RepositoryName repository, Digest digest, Path file, RepositoryName mountFrom,
                                           LongConsumer progress) throws IOException {
        return uploadBlob(repository, digest, Files.size(file), BlobBody.of(file), mountFrom, progress);
    }

    /**
     * The bearer token this client sends to pull from {@code repository} (null when the registry uses none): LAN
     * peers check it against the registry's keys before serving a blob of that repository (spec/peers.md).
     */
    public String pullToken(RepositoryName repository) throws IOException {
        return transport.token(Scopes.pull(repository));
    }

    /** The registry's peer tracker (spec/peers.md), with this client's credentials. */
    public PeerTracker peerTracker() {
        return new PeerTracker(transport);
    }

    /** This registry as the fetch engine's source of blob ranges for one repository. */
    public BlobSource blobSource(RepositoryName repository) {
        return new RegistryBlobSource(this, repository);
    }

    /** A JSON answer of Lading's own APIs: status and body (null when empty or not JSON). */
    public record Reply(int status, JsonNode body) {
    }

    public Reply get(String path) {
        return admin("GET", path, null);
    }

    public Reply post(String path, Object json) {
        return admin("POST", path, json);
    }

    public Reply delete(String path) {
        return admin("DELETE", path, null);
    }

    private Reply admin(String method, String path, Object json) {
        String action = method + " " + path;
        try {
            RequestBody body = json != null ? RequestBody.create(JSON.writeValueAsBytes(json), JSON_TYPE)
                    : method.equals("POST") ? RequestBody.create(new byte[0]) : null;
            HttpUrl url = transport.base().resolve(path);
            try (Response r = transport.execute(new RegistryCall(action, method, url, Map.of(), body, ADMIN_SCOPE, !method.equals("POST")))) {
                String text = r.body().string();
                return new Reply(r.code(), text.isEmpty() ? null : parseOrNull(text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The first OCI error of a body as {@code CODE: message}, or the fallback. */
    public static String message(JsonNode body, String fallback) {
        if (body != null && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            JsonNode e = body.path("errors").get(0);
            return e.path("code").asText() + ": " + e.path("message").asText();
        }
        return fallback == null ? "" : fallback.strip();
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
