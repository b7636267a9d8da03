package io.lading.puller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The registry's peer tracker (spec/peers.md): join and heartbeat, leave, announce what this host holds or
 * downloads, and ask who holds a blob. Tokens come from the registry's challenges like every other call; announcing
 * and asking need pull on a repository that holds the blob.
 */
public final class PeerTracker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final Transport transport;

    PeerTracker(Transport transport) {
        this.transport = transport;
    }

    /** How often to heartbeat, and when the tracker forgets a silent peer. */
    public record Lease(int heartbeatSeconds, int expiresAfterSeconds) {
    }

    /** One blob in an announcement: {@code chunks} a bitset (spec/peers.md), null when complete or removed. */
    public record Holding(Digest digest, long size, String chunks, boolean complete, boolean remove) {

        public static Holding partial(Digest digest, long size, String chunks) {
            return new Holding(digest, size, chunks, false, false);
        }

        public static Holding complete(Digest digest, long size) {
            return new Holding(digest, size, null, true, false);
        }

        public static Holding removed(Digest digest) {
            return new Holding(digest, 0, null, false, true);
        }
    }

    /** One peer in the tracker's answer about a blob. */
    public record Peer(String id, String url, Map<String, String> labels, boolean complete, String chunks,
                       String distance) {
    }

    /** Who has or wants one blob, ranked by the tracker; the asking peer left out. */
    public record Answer(Digest digest, int chunkCount, List<Peer> peers) {
    }

    // PUT /lading/v1/peers/{peerId}  {"url":..,"labels":{..}}
    public Lease join(String peerId, String url, Map<String, String> labels) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        body.set("labels", JSON.valueToTree(labels));
        String action = "joining the peer tracker as " + peerId;
        try (Response r = transport.expect(call(action, "PUT", peerUrl(peerId), body, List.of(), true), 200)) {
            JsonNode answer = JSON.readTree(r.body().string());
            return new Lease(answer.path("heartbeatSeconds").asInt(5), answer.path("expiresAfterSeconds").asInt(15));
        }
    }

    // DELETE /lading/v1/peers/{peerId}
    public void leave(String peerId) throws IOException {
        String action = "leaving the peer tracker as " + peerId;
        try (Response r = transport.expect(call(action, "DELETE", peerUrl(peerId), null, List.of(), true), 204, 200, 404)) {
            // gone either way
        }
    }

    // POST /lading/v1/peers/{peerId}/blobs  {"repository":..,"blobs":[..]}
    public void announce(String peerId, RepositoryName repository, List<Holding> blobs) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("repository", repository.value());
        ArrayNode list = body.putArray("blobs");
        for (Holding h : blobs) {
            ObjectNode b = list.addObject().put("digest", h.digest().toString());
            if (h.remove()) {
                b.put("remove", true);
                continue;
            }
            b.put("size", h.size()).put("complete", h.complete());
            if (h.chunks() != null) {
                b.put("chunks", h.chunks());
            }
        }
        String action = "announcing " + blobs.size() + " blob(s) of " + repository + " to the peer tracker";
        HttpUrl url = transport.url("lading/v1/peers/" + peerId + "/blobs");
        try (Response r = transport.expect(call(action, "POST", url, body, Scopes.pull(repository), true), 200, 204)) {
            // upserted
        }
    }

    // GET /lading/v1/peers/blobs/{digest}?repository=..&peer=..
    public Answer holders(Digest digest, RepositoryName repository, String peerId) throws IOException {
        HttpUrl url = transport.url("lading/v1/peers/blobs/" + digest).newBuilder()
                .addQueryParameter("repository", repository.value()).addQueryParameter("peer", peerId).build();
        String action = "asking the peer tracker who holds " + digest + " of " + repository;
        try (Response r = transport.expect(RegistryCall.get(action, url, Scopes.pull(repository)), 200)) {
            JsonNode answer = JSON.readTree(r.body().string());
            List<Peer> peers = new ArrayList<>();
            for (JsonNode p : answer.path("peers")) {
                Map<String, String> labels = new LinkedHashMap<>();
                p.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                peers.add(new Peer(p.path("id").asText(), p.path("url").asText(), labels,
                        p.path("complete").asBoolean(false), p.path("chunks").isTextual() ? p.path("chunks").asText() : null,
                        p.path("distance").asText("other")));
            }
            return new Answer(digest, answer.path("chunkCount").asInt(0), peers);
        }
    }

    private HttpUrl peerUrl(String peerId) {
        return transport.url("lading/v1/peers/" + peerId);
    }

    private static RegistryCall call(String action, String method, HttpUrl url, JsonNode body, List<String> scopes,
                                     boolean retryable) throws IOException {
        RequestBody requestBody = body == null ? null : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
        return new RegistryCall(action, method, url, Map.of(), requestBody, scopes, retryable);
    }
}
