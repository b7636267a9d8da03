package io.lading.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.peer.Claim;
import io.lading.registry.peer.PeerTracker;
import io.lading.spec.api.Endpoint;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.peer.Announcement;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerJoin;
import io.lading.spec.peer.PeerLabels;
import io.lading.spec.peer.PeerLease;
import io.lading.spec.peer.PeerList;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The LAN peer tracker (spec/peers.md): join/heartbeat, leave, announce, and who holds a blob. */
final class PeerHandlers {
    private static final String JSON = "application/json";
    /** A join is a URL and three labels. */
    private static final int MAX_JOIN_BODY = 64 * 1024;
    /** 256 entries with bitsets of a few KiB each (a blob of terabytes in 64 MiB chunks) fit with room to spare. */
    private static final int MAX_ANNOUNCE_BODY = 4 * 1024 * 1024;
    private static final int DEFAULT_LIMIT = 200;
    /** Enough for a large zone; more peers than this is more than a puller would contact for one blob. */
    private static final int MAX_LIMIT = 1000;

    private final PeerTracker tracker;
    private final AuditLog audit;

    PeerHandlers(PeerTracker tracker, AuditLog audit) {
        this.tracker = tracker;
        this.audit = audit;
    }

    void handle(Context ctx, Endpoint.Match m) {
        switch (m.endpoint()) {
            case PEER -> {
                if (ctx.method() == HandlerType.PUT) {
                    join(ctx, peerId(m.group("peer")));
                } else {
                    leave(ctx, peerId(m.group("peer")));
                }
            }
            case PEER_BLOBS -> announce(ctx, peerId(m.group("peer")));
            case PEER_QUERY -> query(ctx, m);
            default -> throw new IllegalStateException("not a peer endpoint: " + m.endpoint());
        }
    }

    // PUT /lading/v1/peers/{peerId}  {"url":…,"labels":{…}}
    private void join(Context ctx, PeerId id) {
        PeerJoin body = body(ctx, PeerJoin.class, MAX_JOIN_BODY, "{\"url\":\"http://10.0.0.2:7071\",\"labels\":{\"zone\":\"z1\"}}");
        var url = refuse(() -> PeerJoin.parseUrl(body.url()));
        PeerLabels labels = refuse(() -> PeerLabels.fromWire(body.labels()));
        CallerAccess caller = CallerAccess.of(ctx);
        PeerTracker.Lease lease = tracker.join(id, url, labels, caller.subject());
        if (lease.fresh()) {
            audit.record(new AuditLog.Event(caller.subject(), "peer.join", id.value(), "ok", ctx.req().getRemoteAddr(), url.toString()));
        }
        Responses.json(ctx, 200, JSON, wire(lease, true));
    }

    // DELETE /lading/v1/peers/{peerId}
    private void leave(Context ctx, PeerId id) {
        CallerAccess caller = CallerAccess.of(ctx);
        tracker.leave(id, caller.subject());
        audit.record(new AuditLog.Event(caller.subject(), "peer.leave", id.value(), "ok", ctx.req().getRemoteAddr(), null));
        Responses.empty(ctx, 204);
    }

    // POST /lading/v1/peers/{peerId}/blobs  {"repository":…,"blobs":[{"digest":…,"chunks":…,"complete":…},…]}
    private void announce(Context ctx, PeerId id) {
        Announcement body = body(ctx, Announcement.class, MAX_ANNOUNCE_BODY,
                "{\"repository\":\"models/llama\",\"blobs\":[{\"digest\":\"sha256:…\",\"chunks\":\"AQI=\"}]}");
        if (body.blobs().size() > Announcement.MAX_ENTRIES) {
            throw new RegistryFailure.Unsupported(400, "an announce names " + body.blobs().size() + " blobs; at most "
                    + Announcement.MAX_ENTRIES + " are allowed per request (send several)");
        }
        List<Claim> claims = body.blobs().stream().map(PeerHandlers::claim).toList();
        RepositoryName repository = body.repository() == null ? null : Requests.repository(body.repository());
        if (repository != null && !CallerAccess.of(ctx).mayPull(repository)) {
            throw new RegistryFailure.Denied("the token does not grant pull on " + repository
                    + "; ask /token for repository:" + repository + ":pull to announce its blobs");
        }
        Responses.json(ctx, 200, JSON, wire(tracker.announce(id, CallerAccess.of(ctx).subject(), repository, claims), false));
    }

    // GET /lading/v1/peers/blobs/{digest}?repository=…&peer=…&limit=…
    private void query(Context ctx, Endpoint.Match m) {
        var digest = Requests.digest(m.group("digest"));
        String repo = ctx.queryParam("repository");
        if (repo == null) {
            throw new RegistryFailure.Unsupported(400, "repository is required: GET /lading/v1/peers/blobs/" + digest
                    + "?repository=<a repository holding the blob you may pull>");
        }
        Optional<PeerId> asker = Optional.ofNullable(ctx.queryParam("peer")).map(PeerHandlers::peerId);
        var found = tracker.holders(digest, Requests.repository(repo), asker, limit(ctx.queryParam("limit")));
        List<PeerList.Listed> peers = found.peers().stream().map(r -> new PeerList.Listed(r.holding().id().value(),
                r.holding().url(), r.holding().labels().toWire(), r.holding().complete(), r.holding().chunks().toBase64(),
                r.distance().wireName())).toList();
        Responses.json(ctx, 200, JSON, new PeerList(digest.toString(), found.chunkCount(), peers, found.zone()));
    }

    private static Claim claim(Announcement.Entry e) {
        if (e == null || e.digest() == null) {
            throw new RegistryFailure.DigestInvalid("every announced blob needs a digest, such as {\"digest\":\"sha256:…\"}");
        }
        var digest = Requests.digest(e.digest());
        if (e.withdraws()) {
            return Claim.removal(digest);
        }
        if (e.size() != null && e.size() < 0) {
            throw new RegistryFailure.SizeInvalid("blob " + digest + ": size must not be negative, got " + e.size());
        }
        return new Claim(digest, e.size() == null ? OptionalLong.empty() : OptionalLong.of(e.size()), e.chunks(),
                e.isComplete(), e.isReplace(), false);
    }

    static PeerId peerId(String raw) {
        return refuse(() -> PeerId.parse(raw));
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < 1 || n > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RegistryFailure.PaginationInvalid("limit must be a number from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
        }
    }

    /** A join's answer says whether the peer is fresh; an announce's does not. */
    private static PeerLease wire(PeerTracker.Lease lease, boolean join) {
        return new PeerLease((int) lease.heartbeat().toSeconds(), (int) lease.expiry().toSeconds(), join ? lease.fresh() : null);
    }

    private static <T> T body(Context ctx, Class<T> type, int maxBytes, String example) {
        byte[] raw;
        try {
            raw = ctx.req().getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new RegistryFailure.Unsupported(400, "request body could not be read: " + e.getMessage());
        }
        if (raw.length > maxBytes) {
            throw new RegistryFailure.Unsupported(413, "request body is larger than the " + maxBytes + " bytes allowed here");
        }
        try {
            T value = Responses.JSON.readValue(raw, type);
            if (value == null) {
                throw new RegistryFailure.Unsupported(400, "request body is empty; expected JSON such as " + example);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RegistryFailure.Unsupported(400, "request body is not the JSON expected here (such as " + example + "): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RegistryFailure.Unsupported(400, "request body could not be read: " + e.getMessage());
        }
    }

    /** Turns a refused value (peer id, label, URL) into a 400 that says why. */
    private static <T> T refuse(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.Unsupported(400, e.getMessage());
        }
    }
}
