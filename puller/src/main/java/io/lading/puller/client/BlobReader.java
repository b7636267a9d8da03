package io.lading.puller.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.api.Headers;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/** end-2 (HEAD and ranged GET of a blob) and Lading's chunk index of a blob. */
final class BlobReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Transport transport;

    BlobReader(Transport transport) {
        this.transport = transport;
    }

    // HEAD /v2/<name>/blobs/<digest>
    boolean has(RepositoryName repository, Digest digest) throws IOException {
        return has(repository, digest, Scopes.pull(repository));
    }

    /** With the scopes of the operation underway, so a push's checks share the push's token. */
    boolean has(RepositoryName repository, Digest digest, java.util.List<String> scopes) throws IOException {
        RegistryCall call = new RegistryCall("checking for blob " + digest + " in " + repository, "HEAD", blobUrl(repository, digest),
                Map.of(), null, scopes, true);
        try (Response r = transport.expect(call, 200, 404)) {
            return r.code() == 200;
        }
    }

    /**
     * GET /v2/<name>/blobs/<digest> with {@code Range: bytes=<offset>-<offset+length-1>}. The answer must be
     * 206 with exactly that Content-Range, or 200 when the range is the whole blob; anything else is
     * refused, so a caller never takes the wrong bytes for the ones it asked.
     */
    InputStream open(RepositoryName repository, Digest digest, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a blob range needs offset >= 0 and length >= 0, got " + offset + "+" + length);
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1;
        String action = "pulling bytes " + offset + "-" + last + " of blob " + digest + " from " + repository;
        RegistryCall call = RegistryCall.get(action, blobUrl(repository, digest), Scopes.pull(repository))
                .withHeaders(Map.of(Headers.RANGE, "bytes=" + offset + "-" + last));
        Response r = transport.expect(call, 200, 206);
        try {
            if (r.code() == 206) {
                checkContentRange(action, r, offset, last);
            } else if (offset != 0 || r.body().contentLength() != length) {
                throw new RegistryException(action + ": the registry ignored the range and sent " + r.body().contentLength()
                        + " bytes from the start (HTTP 200)", r.code(), null);
            }
            return new ExactLengthStream(action, r.body().byteStream(), length, r);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private static void checkContentRange(String action, Response r, long offset, long last) throws RegistryException {
        String header = r.header(Headers.CONTENT_RANGE);
        Matcher m = header == null ? null : CONTENT_RANGE.matcher(header.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset || Long.parseLong(m.group(2)) != last) {
            throw new RegistryException(action + ": the registry answered 206 with Content-Range '" + header
                    + "', expected bytes " + offset + "-" + last + "/<size>", r.code(), null);
        }
    }

    // GET /lading/v1/blobs/<digest>/chunks?repository=<name>
    ChunkIndex chunkIndex(RepositoryName repository, Digest digest) throws IOException {
        String action = "getting the chunk index of blob " + digest + " in " + repository;
        var url = transport.url("lading/v1/blobs/" + digest + "/chunks").newBuilder()
                .addQueryParameter("repository", repository.value()).build();
        try (Response r = transport.expect(RegistryCall.get(action, url, Scopes.pull(repository)), 200)) {
            ChunkIndex index;
            try {
                index = ChunkIndex.fromWire(JSON.readValue(r.body().byteStream(), ChunkIndex.Wire.class));
            } catch (IOException | RuntimeException e) {
                throw new RegistryException(action + ": the answer is not a chunk index: " + e.getMessage(), r.code(), null);
            }
            if (!index.digest().equals(digest)) {
                throw new RegistryException(action + ": the registry sent the index of " + index.digest(), r.code(), null);
            }
            return index;
        }
    }

    private okhttp3.HttpUrl blobUrl(RepositoryName repository, Digest digest) {
        return transport.url("v2/" + repository + "/blobs/" + digest);
    }
}
