package io.lading.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Speaks the peer tracker's API (spec/peers.md) with one token, as a puller would. */
public final class PeerClient {
    private final Http http;
    private final String token;

    public PeerClient(Http http, String token) {
        this.http = http;
        this.token = token;
    }

    /** PUT /lading/v1/peers/{id}; {@code labels} is a JSON object or null. */
    public HttpResponse<byte[]> join(String id, String url, String labels) {
        String body = "{\"url\":\"" + url + "\"" + (labels == null ? "" : ",\"labels\":" + labels) + "}";
        return send(http.request("/lading/v1/peers/" + id).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<byte[]> leave(String id) {
        return send(http.request("/lading/v1/peers/" + id).DELETE());
    }

    /** POST /lading/v1/peers/{id}/blobs with the raw JSON body. */
    public HttpResponse<byte[]> announce(String id, String body) {
        return send(http.request("/lading/v1/peers/" + id + "/blobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Announces one blob of {@code repository}; {@code entry} is the JSON fields after the digest. */
    public HttpResponse<byte[]> announce(String id, String repository, String digest, String entry) {
        return announce(id, "{\"repository\":\"" + repository + "\",\"blobs\":[{\"digest\":\"" + digest + "\""
                + (entry.isEmpty() ? "" : "," + entry) + "}]}");
    }

    /** GET /lading/v1/peers/blobs/{digest}?repository=…&peer=… ({@code asker} may be null). */
    public HttpResponse<byte[]> query(String digest, String repository, String asker) {
        return send(http.request("/lading/v1/peers/blobs/" + digest + "?repository=" + repository
                + (asker == null ? "" : "&peer=" + asker)).GET());
    }

    /** The query's answer; fails the test unless it is 200. */
    public JsonNode holders(String digest, String repository, String asker) {
        var r = query(digest, repository, asker);
        if (r.statusCode() != 200) {
            throw new AssertionError("peer query: " + r.statusCode() + " " + new String(r.body()));
        }
        return SecuredRegistry.read(r.body());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) {
        return http.send(token == null ? b : TokenClient.bearer(b, token));
    }
}
