package io.lading.puller.peer;

import io.lading.puller.client.PeerTracker;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.fetch.PeerSwarm;
import io.lading.puller.pull.PeerNetwork;
import io.lading.puller.swarm.HostActivity;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.peer.Announcement;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import io.lading.spec.peer.PeerLease;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;

/**
 * This host in the LAN swarm (issue 6): a member of the registry's peer tracker (join, heartbeat every {@code
 * heartbeatSeconds}, leave on {@link #close()}), the {@link PeerNetwork} a pull fetches blobs through, and the
 * record of which repositories hold which blobs that the {@link PeerServer} checks tokens against.
 */
public final class LanPeers implements PeerNetwork, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LanPeers.class.getName());
    /** How often a running download asks the tracker again, so chunks verified elsewhere are seen quickly. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(500);
    /** spec/peers.md: at most 256 entries per announce. */
    private static final int MAX_ANNOUNCE_ENTRIES = 256;
    /** Wait before retrying a join the tracker refused or could not answer. */
    private static final Duration JOIN_RETRY = Duration.ofSeconds(2);
    /** Bans kept for /status; older ones still count in the metric. */
    private static final int RECENT_BANS = 50;

    private final PeerId self;
    private final String advertise;
    private final PeerLabels labels;
    private final RegistryClient registry;
    private final PeerTracker tracker;
    private final BlobHoldings holdings;
    private final SwarmPolicy policy;
    private final Duration refresh;
    private final OkHttpClient http;
    /** Shared by every blob this host downloads: one registry stream bound and one view of progress. */
    private final HostActivity host = HostActivity.defaults();
    private final LongAdder bans = new LongAdder();
    private final List<Ban> recentBans = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Instant lastHeartbeat;
    private Thread heartbeat;
    /** What to announce again when the tracker says it forgot this host ({@code fresh}). */
    private final Set<TrackedSwarm> downloading = ConcurrentHashMap.newKeySet();
    private final Map<RepositoryName, Map<Digest, Long>> completed = new ConcurrentHashMap<>();

    /** A peer banned for one blob: its bytes failed verification. */
    public record Ban(Digest blob, String peer, String reason, Instant at) {
    }

    public LanPeers(PeerId self, String advertise, PeerLabels labels, RegistryClient registry,
                    BlobHoldings holdings, SwarmPolicy policy, Duration refresh) {
        this.self = self;
        this.advertise = advertise;
        this.labels = labels;
        this.registry = registry;
        this.tracker = registry.peerTracker();
        this.holdings = holdings;
        this.policy = policy;
        this.refresh = refresh;
        // The stall watchdog cuts off silent peers; these timeouts only bound what it cannot see.
        this.http = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false).build();
    }

    /** Joins the tracker now (failures are retried in the background) and keeps heartbeating until closed. */
    public LanPeers start() {
        heartbeat = Thread.ofVirtual().name("peer-heartbeat").start(this::heartbeatLoop);
        return this;
    }

    private void heartbeatLoop() {
        while (running) {
            Duration next;
            try {
                next = Duration.ofSeconds(Math.max(1, joinNow().heartbeatSeconds()));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "joining the peer tracker as " + self + " failed: " + e.getMessage()
                        + "; pulls go to the registry alone until it answers");
                next = JOIN_RETRY;
            }
            try {
                Thread.sleep(next);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Joins (or heartbeats); a tracker that says {@code fresh} forgot this host, which then announces all again. */
    private PeerLease joinNow() throws IOException {
        PeerLease lease = tracker.join(self, advertise, labels);
        lastHeartbeat = Instant.now();
        if (Boolean.TRUE.equals(lease.fresh())) {
            completed.forEach((repository, blobs) -> announceQuietly(repository, blobs.entrySet().stream()
                    .map(b -> Announcement.Entry.held(b.getKey().toString(), b.getValue(), null, true)).toList()));
            downloading.forEach(TrackedSwarm::announceAgain);
        }
        return lease;
    }

    /** Announces, joining again first when the tracker has forgotten this host (spec/peers.md: 404 NAME_UNKNOWN). */
    void announce(RepositoryName repository, List<Announcement.Entry> entries) throws IOException {
        try {
            tracker.announce(self, repository, entries);
        } catch (IOException e) {
            if (!PeerTracker.notJoined(e)) {
                throw e;
            }
            joinNow();
            tracker.announce(self, repository, entries);
        }
    }

    private void announceQuietly(RepositoryName repository, List<Announcement.Entry> entries) {
        for (int from = 0; from < entries.size(); from += Announcement.MAX_ENTRIES) {
            try {
                announce(repository, entries.subList(from, Math.min(entries.size(), from + Announcement.MAX_ENTRIES)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "announcing " + entries.size() + " blob(s) of " + repository
                        + " to the peer tracker failed: " + e.getMessage());
                return;
            }
        }
    }

    @Override
    public void holds(RepositoryName repository, Collection<Digest> blobs) {
        holdings.hold(repository, blobs);
    }

    @Override
    public Optional<PeerSwarm> join(RepositoryName repository, Digest digest, long size, int chunkCount,
                                    long seedBase) {
        holdings.hold(repository, List.of(digest));
        TrackedSwarm swarm = new TrackedSwarm(this, repository, digest, size, chunkCount, seedBase);
        downloading.add(swarm);
        return Optional.of(swarm);
    }

    void left(TrackedSwarm swarm) {
        downloading.remove(swarm);
    }

    @Override
    public void wants(RepositoryName repository, Collection<BlobSize> blobs) {
        holdings.hold(repository, blobs.stream().map(BlobSize::digest).toList());
        List<Announcement.Entry> entries = blobs.stream()
                .map(b -> Announcement.Entry.held(b.digest().toString(), b.size(), null, false)).toList();
        for (int from = 0; from < entries.size(); from += MAX_ANNOUNCE_ENTRIES) {
            announceQuietly(repository, entries.subList(from, Math.min(entries.size(), from + MAX_ANNOUNCE_ENTRIES)));
        }
    }

    @Override
    public void complete(RepositoryName repository, Collection<BlobSize> blobs) {
        if (blobs.isEmpty()) {
            return;
        }
        holdings.hold(repository, blobs.stream().map(BlobSize::digest).toList());
        Map<Digest, Long> known = completed.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
        List<BlobSize> fresh = blobs.stream().filter(b -> !known.containsKey(b.digest())).toList();
        if (fresh.isEmpty()) {
            return; // announced before; the tracker keeps it while this host heartbeats
        }
        fresh.forEach(b -> known.put(b.digest(), b.size()));
        announceQuietly(repository, fresh.stream()
                .map(b -> Announcement.Entry.held(b.digest().toString(), b.size(), null, true)).toList());
    }

    void banned(Digest blob, String peer, String reason) {
        bans.increment();
        recentBans.add(new Ban(blob, peer, reason, Instant.now()));
        while (recentBans.size() > RECENT_BANS) {
            recentBans.remove(0);
        }
    }

    /** Peers banned so far (a peer banned for two blobs counts twice). */
    public long bans() {
        return bans.sum();
    }

    public List<Ban> recentBans() {
        return new ArrayList<>(recentBans);
    }

    /** When the tracker last accepted this host's heartbeat; null before the first. */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public PeerId self() {
        return self;
    }

    public String advertise() {
        return advertise;
    }

    SwarmPolicy policy() {
        return policy;
    }

    HostActivity host() {
        return host;
    }

    Duration refreshInterval() {
        return refresh;
    }

    PeerTracker tracker() {
        return tracker;
    }

    RegistryClient registry() {
        return registry;
    }

    OkHttpClient http() {
        return http;
    }

    /** Stops heartbeating and leaves the tracker, so peers stop asking this host at once. */
    @Override
    public void close() {
        running = false;
        if (heartbeat != null) {
            heartbeat.interrupt();
            try {
                heartbeat.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            tracker.leave(self);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "leaving the peer tracker failed: " + e.getMessage()
                    + "; it forgets this host when the heartbeats stop");
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
