package io.lading.puller.peer;

import io.lading.puller.fetch.BlobSource;
import io.lading.puller.fetch.PeerSwarm;
import io.lading.puller.swarm.Distance;
import io.lading.puller.swarm.PeerHolding;
import io.lading.puller.swarm.HostActivity;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.puller.swarm.ZoneCount;
import io.lading.spec.digest.Digest;
import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.peer.Announcement;
import io.lading.spec.peer.PeerList;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;

/**
 * One blob's swarm as the tracker sees it: answers from {@code GET /lading/v1/peers/blobs/{digest}}, a {@link
 * PeerBlobSource} per peer, and this host's verified chunks announced in batches (at most every 250 ms, spec/peers.md)
 * by a background thread, so a chunk is offered to the swarm moments after it is verified.
 */
final class TrackedSwarm implements PeerSwarm {
    private static final Logger LOG = Logger.getLogger(TrackedSwarm.class.getName());
    /** spec/peers.md: verified chunks are announced batched, at most every 250 ms. */
    static final Duration ANNOUNCE_INTERVAL = Duration.ofMillis(250);

    private final LanPeers network;
    private final RepositoryName repository;
    private final Digest digest;
    private final long size;
    private final int chunkCount;
    private final long seedBase;
    private volatile ZoneCount zone;
    private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();
    private final Object announceLock = new Object();
    private BitSet pending;
    /** The latest bitset handed in, announced again if the tracker forgets this host. */
    private BitSet latest = new BitSet();
    private boolean announcedOnce;
    private volatile boolean closed;
    private final Thread announcer;

    TrackedSwarm(LanPeers network, RepositoryName repository, Digest digest, long size, int chunkCount, long seedBase) {
        this.network = network;
        this.repository = repository;
        this.digest = digest;
        this.size = size;
        this.chunkCount = chunkCount;
        this.seedBase = seedBase;
        this.announcer = Thread.ofVirtual().name("announce-" + digest.hex().substring(0, 12)).start(this::announceLoop);
    }

    @Override
    public String self() {
        return network.self().value();
    }

    @Override
    public SwarmPolicy policy() {
        return network.policy();
    }

    @Override
    public HostActivity host() {
        return network.host();
    }

    @Override
    public ZoneCount zone() {
        return zone;
    }

    /** The answer's zone count, if it gave a valid one (a tracker from before it gives none). */
    private static ZoneCount zoneOf(PeerList answer) {
        if (answer.zone() == null) {
            return null;
        }
        try {
            return new ZoneCount(answer.zone().hosts(), answer.zone().index());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public long seedBase() {
        return seedBase;
    }

    @Override
    public Duration refreshInterval() {
        return network.refreshInterval();
    }

    @Override
    public List<PeerHolding> holders() throws IOException {
        PeerList answer = network.tracker().holders(digest, repository, network.self());
        zone = zoneOf(answer);
        List<PeerHolding> out = new ArrayList<>();
        for (PeerList.Listed p : answer.peers()) {
            HttpUrl url = HttpUrl.parse(p.url());
            if (url == null || p.id().equals(self())) {
                continue;
            }
            urls.put(p.id(), url);
            BitSet chunks;
            try {
                chunks = p.chunks() == null ? new BitSet()
                        : BitSet.valueOf(ChunkBitset.parse(p.chunks(), chunkCount).toBytes());
            } catch (IllegalArgumentException e) {
                continue; // a bitset for another cut of the blob offers nothing here
            }
            out.add(new PeerHolding(p.id(), Distance.parse(p.distance()), p.complete(), chunks));
        }
        return out;
    }

    @Override
    public BlobSource peer(String id) {
        HttpUrl url = urls.get(id);
        if (url == null) {
            throw new IllegalStateException("peer " + id + " is not in the tracker's answer for " + digest);
        }
        return new PeerBlobSource(id, url, network.http(), () -> network.registry().pullToken(repository));
    }

    /** The first call is sent at once: it makes this host visible as a downloader before the election. */
    @Override
    public void holding(BitSet verified) {
        boolean now;
        synchronized (announceLock) {
            pending = (BitSet) verified.clone();
            latest = (BitSet) verified.clone();
            now = !announcedOnce;
            announcedOnce = true;
            announceLock.notifyAll();
        }
        if (now) {
            flush();
        }
    }

    @Override
    public void banned(String peerId, String reason) {
        network.banned(digest, peerId, reason);
    }

    @Override
    public void finished(boolean complete) {
        if (complete) {
            // The last batch of chunks must not land after the announcement that the blob is whole.
            close();
            try {
                announcer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            network.complete(repository, List.of(new io.lading.puller.pull.PeerNetwork.BlobSize(digest, size)));
        } else {
            flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        announcer.interrupt();
        network.left(this);
    }

    /** The tracker forgot this host: the next batch carries every chunk verified so far. */
    void announceAgain() {
        synchronized (announceLock) {
            pending = (BitSet) latest.clone();
        }
    }

    private void announceLoop() {
        while (!closed) {
            try {
                Thread.sleep(ANNOUNCE_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    private void flush() {
        BitSet chunks;
        synchronized (announceLock) {
            chunks = pending;
            pending = null;
        }
        if (chunks == null) {
            return;
        }
        try {
            byte[] bytes = java.util.Arrays.copyOf(chunks.get(0, chunkCount).toByteArray(), ChunkBitset.byteLength(chunkCount));
            String wire = ChunkBitset.fromBytes(bytes, chunkCount).toBase64();
            network.announce(repository, List.of(Announcement.Entry.held(digest.toString(), size, wire, false)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "announcing chunks of " + digest + " failed; the next batch carries them", e);
            synchronized (announceLock) {
                if (pending == null) {
                    pending = chunks;
                }
            }
        }
    }
}
