package io.lading.puller.client;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.peer.Announcement;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerJoin;
import io.lading.spec.peer.PeerLabels;
import io.lading.spec.peer.PeerLease;
import io.lading.spec.peer.PeerList;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The registry's peer tracker (spec/peers.md): join and heartbeat, leave, announce what this host holds or
 * downloads, and ask who holds a blob. Tokens come from the registry's challenges like every other call; announcing
 * and asking need pull on a repository that holds the blob. Bodies are the spec's wire records.
 */
public final class PeerTracker {
    /**
     * The spec's wire records have {@code isComplete()}-style helpers; without this Jackson would also write them as
     * fields ({@code "removal"}), which the tracker refuses as unknown.
     */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final Transport transport;

    PeerTracker(Transport transport) {
        this.transport = transport;
    }

    // PUT /lading/v1/peers/{peerId}  {"url":..,"labels":{..}}
    public PeerLease join(PeerId peer, String url, PeerLabels labels) throws IOException {
        String action = "joining the peer tracker as " + peer;
        RegistryCall call = call(action, "PUT", peerUrl(peer), new PeerJoin(url, labels.toWire()), List.of());
        try (Response r = transport.expect(call, 200)) {
            return JSON.readValue(r.body().bytes(), PeerLease.class);
        }
    }

    // DELETE /lading/v1/peers/{peerId}
    public void leave(PeerId peer) throws IOException {
        String action = "leaving the peer tracker as " + peer;
        try (Response r = transport.expect(call(action, "DELETE", peerUrl(peer), null, List.of()), 204, 200)) {
            // gone, also when it was not joined
        }
    }

    /**
     * {@code POST /lading/v1/peers/{peerId}/blobs}. Throws {@link RegistryException} with status 404 and code
     * {@code NAME_UNKNOWN} when the tracker no longer knows this peer (expired): join again, then announce.
     */
    public void announce(PeerId peer, RepositoryName repository, List<Announcement.Entry> blobs) throws IOException {
        String action = "announcing " + blobs.size() + " blob(s) of " + repository + " to the peer tracker as " + peer;
        HttpUrl url = transport.url("lading/v1/peers/" + peer + "/blobs");
        RegistryCall call = call(action, "POST", url, new Announcement(repository.value(), blobs), Scopes.pull(repository));
        try (Response r = transport.expect(call, 200, 204)) {
            // upserted
        }
    }

    // GET /lading/v1/peers/blobs/{digest}?repository=..&peer=..
    public PeerList holders(Digest digest, RepositoryName repository, PeerId asker) throws IOException {
        HttpUrl url = transport.url("lading/v1/peers/blobs/" + digest).newBuilder()
                .addQueryParameter("repository", repository.value()).addQueryParameter("peer", asker.value()).build();
        String action = "asking the peer tracker who holds " + digest + " of " + repository;
        try (Response r = transport.expect(RegistryCall.get(action, url, Scopes.pull(repository)), 200)) {
            return JSON.readValue(r.body().bytes(), PeerList.class);
        }
    }

    /** Whether a failed announce means the tracker forgot this peer (spec/peers.md: 404 NAME_UNKNOWN). */
    public static boolean notJoined(IOException e) {
        return e instanceof RegistryException r && r.status() == 404 && "NAME_UNKNOWN".equals(r.code());
    }

    private HttpUrl peerUrl(PeerId peer) {
        return transport.url("lading/v1/peers/" + peer);
    }

    private static RegistryCall call(String action, String method, HttpUrl url, Object body, List<String> scopes)
            throws IOException {
        RequestBody requestBody = body == null ? null : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
        return new RegistryCall(action, method, url, Map.of(), requestBody, scopes, true);
    }
}
