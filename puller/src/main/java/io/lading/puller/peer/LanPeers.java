package io.lading.puller.peer;

import io.lading.puller.client.PeerTracker;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.fetch.PeerSwarm;
import io.lading.puller.pull.PeerNetwork;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
    /** Wait before retrying a join the tracker refused or could not answer. */
    private static final Duration JOIN_RETRY = Duration.ofSeconds(2);
    /** Bans kept for /status; older ones still count in the metric. */
    private static final int RECENT_BANS = 50;

    private final PeerId self;
    private final String advertise;
    private final Map<String, String> labels;
    private final RegistryClient registry;
    private final PeerTracker tracker;
    private final BlobHoldings holdings;
    private final SwarmPolicy policy;
    private final Duration refresh;
    private final OkHttpClient http;
    private final LongAdder bans = new LongAdder();
    private final List<Ban> recentBans = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Instant lastHeartbeat;
    private Thread heartbeat;

    /** A peer banned for one blob: its bytes failed verification. */
    public record Ban(Digest blob, String peer, String reason, Instant at) {
    }

    public LanPeers(PeerId self, String advertise, Map<String, String> labels, RegistryClient registry,
                    BlobHoldings holdings, SwarmPolicy policy, Duration refresh) {
        this.self = self;
        this.advertise = advertise;
        this.labels = Map.copyOf(labels);
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
                PeerTracker.Lease lease = tracker.join(self.value(), advertise, labels);
                lastHeartbeat = Instant.now();
                next = Duration.ofSeconds(Math.max(1, lease.heartbeatSeconds()));
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

    @Override
    public void holds(RepositoryName repository, Collection<Digest> blobs) {
        holdings.hold(repository, blobs);
    }

    @Override
    public Optional<PeerSwarm> join(RepositoryName repository, Digest digest, long size, int chunkCount) {
        holdings.hold(repository, List.of(digest));
        return Optional.of(new TrackedSwarm(this, repository, digest, size, chunkCount));
    }

    @Override
    public void complete(RepositoryName repository, Collection<BlobSize> blobs) {
        if (blobs.isEmpty()) {
            return;
        }
        holdings.hold(repository, blobs.stream().map(BlobSize::digest).toList());
        try {
            tracker.announce(self.value(), repository,
                    blobs.stream().map(b -> PeerTracker.Holding.complete(b.digest(), b.size())).toList());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "announcing " + blobs.size() + " complete blob(s) of " + repository
                    + " to the peer tracker failed: " + e.getMessage());
        }
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
            tracker.leave(self.value());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "leaving the peer tracker failed: " + e.getMessage()
                    + "; it forgets this host when the heartbeats stop");
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
