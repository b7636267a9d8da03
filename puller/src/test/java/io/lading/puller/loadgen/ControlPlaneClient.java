package io.lading.puller.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The control-plane calls the load generator makes (spec/control-plane.md), over one shared JDK
 * {@link HttpClient}: one connection pool and one selector thread for every simulated host, so the
 * generator stays light. Every path is written here once.
 */
final class ControlPlaneClient {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Extra time a held long poll may take beyond its {@code wait} before the client gives up on it. */
    private static final Duration POLL_GRACE = Duration.ofSeconds(15);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;

    ControlPlaneClient(HttpClient http, String base) {
        this.http = http;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A status and parsed JSON body (null when the body is empty or not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode require(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return body;
        }
    }

    /** GET /token with basic credentials, for the given scopes; returns the JWT. */
    String token(String user, String password, List<String> scopes) {
        String query = "service=lading-registry&" + scopes.stream().map(s -> "scope=" + enc(s)).collect(Collectors.joining("&"));
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/token?" + query)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Basic " + basic).GET().build();
        return send(req).require("token for " + user).path("token").asText();
    }

    /** PUT /lading/v1/hosts/{hostId}: register and heartbeat in one. */
    Answer heartbeat(String token, String hostId, byte[] body) {
        return send(json(token, "/lading/v1/hosts/" + hostId).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** GET /lading/v1/hosts/{hostId}/desired?wait=&since=: answers at once unless {@code since} is current. */
    Answer desired(String token, String hostId, String since, int waitSeconds) {
        String q = since == null ? "" : "?wait=" + waitSeconds + "&since=" + enc(since);
        return send(json(token, "/lading/v1/hosts/" + hostId + "/desired" + q)
                .timeout(Duration.ofSeconds(waitSeconds).plus(POLL_GRACE)).GET().build());
    }

    /** Moves a channel to a version (digest or tag). */
    Answer moveChannel(String token, String model, String channel, String version) {
        byte[] body = bytes(JSON.createObjectNode().put("version", version));
        return send(json(token, channelPath(model, channel)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Answer channelHistory(String token, String model, String channel) {
        return send(json(token, channelPath(model, channel) + "/history").GET().build());
    }

    Answer startRollout(String token, JsonNode rollout) {
        return send(json(token, "/lading/v1/rollouts").POST(HttpRequest.BodyPublishers.ofByteArray(bytes(rollout))).build());
    }

    Answer rollout(String token, String id) {
        return send(json(token, "/lading/v1/rollouts/" + id).GET().build());
    }

    /** POST to an admin collection (robots, grants) with a JSON body. */
    Answer admin(String token, String collection, JsonNode body) {
        return send(json(token, "/lading/v1/admin/" + collection).POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build());
    }

    /** Monolithic blob upload: POST /v2/{name}/blobs/uploads/?digest= with the bytes. */
    void putBlob(String token, String repo, String digest, byte[] content) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v2/" + repo + "/blobs/uploads/?digest=" + enc(digest)))
                .timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        send(req).require("upload of " + digest + " to " + repo);
    }

    void putManifest(String token, String repo, String tag, String mediaType, byte[] manifest) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v2/" + repo + "/manifests/" + tag))
                .timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build();
        send(req).require("manifest " + repo + ":" + tag);
    }

    /** GET of a raw path (e.g. /metrics) as text; null when it fails. */
    String text(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The channel resource: {model} is every segment between channels/ and the channel (spec/control-plane.md). */
    private static String channelPath(String model, String channel) {
        return "/lading/v1/channels/" + model + "/" + channel;
    }

    private HttpRequest.Builder json(String token, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private Answer send(HttpRequest req) {
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = null;
            if (r.body().length > 0) {
                try {
                    body = JSON.readTree(r.body());
                } catch (IOException notJson) {
                    body = JSON.getNodeFactory().textNode(new String(r.body(), StandardCharsets.UTF_8));
                }
            }
            return new Answer(r.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + req.uri().getPath(), e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
