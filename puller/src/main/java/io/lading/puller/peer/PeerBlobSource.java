package io.lading.puller.peer;

import io.lading.puller.fetch.BlobSource;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One LAN peer as a {@link BlobSource}: {@code GET {peer}/lading/peer/v1/blobs/{digest}} with one range and this
 * host's registry pull token. Nothing it serves is trusted: the fetch engine checks every chunk.
 */
final class PeerBlobSource implements BlobSource {
    /** Sources named {@code peer:<id>} in logs and metrics; {@code /metrics} sums them as source "peer". */
    static final String NAME_PREFIX = "peer:";

    private final String id;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final Callable<String> token;

    PeerBlobSource(String id, HttpUrl base, OkHttpClient http, Callable<String> token) {
        this.id = id;
        this.base = base;
        this.http = http;
        this.token = token;
    }

    @Override
    public String name() {
        return NAME_PREFIX + id;
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        String bearer;
        try {
            bearer = token.call();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("getting a pull token for peer " + id + " failed: " + e.getMessage(), e);
        }
        HttpUrl url = base.newBuilder().encodedPath(PeerServer.BLOBS_PATH + digest).build();
        Request.Builder request = new Request.Builder().url(url)
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        Response r = http.newCall(request.build()).execute();
        if (r.code() != 206 && !(r.code() == 200 && offset == 0)) {
            String detail;
            try (r) {
                detail = r.body().string();
            }
            throw new IOException("peer " + id + " (" + base + ") answered " + r.code() + " to bytes " + offset + "-"
                    + (offset + length - 1) + " of " + digest + ": " + detail.strip());
        }
        return r.body().byteStream();
    }

    @Override
    public String toString() {
        return "peer " + id + " (" + base + ")";
    }
}
