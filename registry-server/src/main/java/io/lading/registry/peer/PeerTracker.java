package io.lading.registry.peer;

import io.lading.registry.db.Database;
import io.lading.registry.db.PeerDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import io.lading.spec.peer.PeerList;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * The LAN peer tracker (spec/peers.md, issue 6): peers join and heartbeat, announce which blobs and chunks they
 * hold, leave; askers get the live holders of a blob ranked by distance. All state is in PostgreSQL, so it
 * survives a restart and is shared by every replica. Access to repositories is checked by the caller (the HTTP
 * edge); this class checks peer ownership and that the repository holds the blob.
 */
public final class PeerTracker {
    private final Database db;
    private final PeerDao peers;
    private final Duration expiry;
    private final RegistryMetrics metrics;

    public PeerTracker(Database db, PeerDao peers, Duration expiry, RegistryMetrics metrics) {
        this.db = db;
        this.peers = peers;
        this.expiry = expiry;
        this.metrics = metrics;
    }

    /** How often to heartbeat and when a silent peer stops being offered; {@code fresh}: the tracker holds no blobs for it. */
    public record Lease(Duration heartbeat, Duration expiry, boolean fresh) {
    }

    /**
     * The ranked live holders of a blob, and its chunk count (the length of every bitset); {@code zone}: the
     * asker's zone counted whole, null when the asker is not given or not joined.
     */
    public record Holders(Digest digest, int chunkCount, List<PeerRanking.Ranked> peers, PeerList.Zone zone) {
    }

    public Duration heartbeat() {
        return Duration.ofSeconds(Math.max(1, expiry.toSeconds() / 3));
    }

    /** Join or heartbeat. A re-join after expiry forgets what the peer had announced: the host may have restarted. */
    public Lease join(PeerId id, URI url, PeerLabels labels, String owner) {
        boolean fresh = db.transaction(tx -> {
            var existing = peers.lock(tx, id);
            boolean live = existing.map(PeerDao.PeerRow::live).orElse(false);
            if (live && !existing.get().owner().equals(owner)) {
                throw ownedByAnother(id);
            }
            if (existing.isPresent() && !live) {
                peers.forgetBlobs(tx, id);
            }
            if (!peers.upsert(tx, id, url.toString(), labels, owner, expiry)) {
                throw ownedByAnother(id);
            }
            return !live || !peers.holdsAnything(tx, id);
        });
        return new Lease(heartbeat(), expiry, fresh);
    }

    /** Leave: the peer and all it announced go at once. Leaving a peer that is not joined is not an error. */
    public void leave(PeerId id, String owner) {
        db.transaction(tx -> {
            var existing = peers.lock(tx, id);
            if (existing.isPresent() && existing.get().live() && !existing.get().owner().equals(owner)) {
                throw ownedByAnother(id);
            }
            peers.delete(tx, id);
            return null;
        });
    }

    /**
     * Upserts (or removes) one row per claim in one transaction, and counts as a heartbeat. {@code repository} may be
     * null only when every claim is a removal; it must hold every other claimed blob, or nothing changes.
     */
    public Lease announce(PeerId id, String owner, RepositoryName repository, List<Claim> claims) {
        db.transaction(tx -> {
            if (!peers.touch(tx, id, owner, expiry)) {
                throw notJoined(tx, id, owner);
            }
            List<Query> writes = new ArrayList<>(claims.size());
            Map<String, PeerDao.BlobShape> shapes = shapes(tx, repository, claims);
            for (Claim c : claims) {
                if (c.remove()) {
                    writes.add(peers.removeBlob(tx, id, c.digest()));
                    continue;
                }
                PeerDao.BlobShape shape = shapes.get(c.digest().toString());
                if (shape == null) {
                    throw new RegistryFailure.BlobUnknown(repository.value(), c.digest());
                }
                if (c.size().isPresent() && c.size().getAsLong() != shape.size()) {
                    throw new RegistryFailure.SizeInvalid("blob " + c.digest() + " is " + shape.size() + " bytes, but the announce says "
                            + c.size().getAsLong() + "; announce against the blob's own chunk index");
                }
                ChunkBitset chunks = c.complete() ? ChunkBitset.full(shape.chunkCount()) : bitset(c, shape.chunkCount());
                writes.add(peers.upsertBlob(tx, id, c.digest(), c.complete(), chunks.toBytes(), c.replace()));
            }
            tx.batch(writes).execute();
            return null;
        });
        metrics.peerAnnounce(claims.size());
        return new Lease(heartbeat(), expiry, false);
    }

    /**
     * The live peers that hold or want {@code digest}, ranked for {@code asker} and without it; BlobUnknown unless
     * {@code repository} holds the blob, so nobody learns who holds content they could not read.
     */
    public Holders holders(Digest digest, RepositoryName repository, Optional<PeerId> asker, int limit) {
        Holders found = db.transaction(tx -> {
            PeerDao.BlobShape shape = peers.shapesInRepository(tx, repository, List.of(digest.toString())).get(digest.toString());
            if (shape == null) {
                throw new RegistryFailure.BlobUnknown(repository.value(), digest);
            }
            Optional<PeerLabels> joined = asker.flatMap(a -> peers.liveLabels(tx, a));
            PeerLabels labels = joined.orElse(PeerLabels.NONE);
            List<Holding> holdings = peers.holders(tx, digest, asker).stream()
                    .map(r -> new Holding(r.id(), r.url(), r.labels(), r.complete(), stored(r.chunks(), shape.chunkCount())))
                    .toList();
            PeerList.Zone zone = joined.isPresent() ? PeerRanking.zone(holdings, labels, asker.get()) : null;
            return new Holders(digest, shape.chunkCount(),
                    PeerRanking.rank(holdings, labels, joined.isPresent() ? asker.get() : null, limit), zone);
        });
        metrics.peerQuery();
        return found;
    }

    private Map<String, PeerDao.BlobShape> shapes(DSLContext tx, RepositoryName repository, List<Claim> claims) {
        List<String> held = claims.stream().filter(c -> !c.remove()).map(c -> c.digest().toString()).distinct().toList();
        if (held.isEmpty()) {
            return Map.of();
        }
        if (repository == null) {
            throw new RegistryFailure.Unsupported(400, "repository is required to announce blobs: name the repository"
                    + " the blobs were pulled from (only an announce of removals alone may leave it out)");
        }
        return peers.shapesInRepository(tx, repository, held);
    }

    private static ChunkBitset bitset(Claim c, int chunkCount) {
        if (c.chunks() == null) {
            return ChunkBitset.empty(chunkCount);
        }
        try {
            return ChunkBitset.parse(c.chunks(), chunkCount);
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.Unsupported(400, "blob " + c.digest() + ": " + e.getMessage());
        }
    }

    /** A stored bitset; written by this class at the blob's chunk count, so it always fits. */
    private static ChunkBitset stored(byte[] chunks, int chunkCount) {
        return ChunkBitset.fromBytes(chunks, chunkCount);
    }

    private RegistryFailure notJoined(DSLContext tx, PeerId id, String owner) {
        var row = peers.find(tx, id);
        if (row.isPresent() && row.get().live() && !row.get().owner().equals(owner)) {
            return ownedByAnother(id);
        }
        return new RegistryFailure.NotFound("peer " + id + " is not joined (it never joined, left, or sent no heartbeat for "
                + expiry.toSeconds() + " s); PUT /lading/v1/peers/" + id + " first, then announce again");
    }

    private static RegistryFailure ownedByAnother(PeerId id) {
        return new RegistryFailure.Denied("peer " + id + " is live and was joined by another account; a peer id belongs to the"
                + " account that joined it until it leaves or expires");
    }
}
