package io.lading.puller.sim;

import io.lading.puller.swarm.Decision;
import io.lading.puller.swarm.Distance;
import io.lading.puller.swarm.Failure;
import io.lading.puller.swarm.HostActivity;
import io.lading.puller.swarm.InFlight;
import io.lading.puller.swarm.PeerHolding;
import io.lading.puller.swarm.SeederElection;
import io.lading.puller.swarm.Source;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.puller.swarm.SwarmScheduler;
import io.lading.puller.swarm.ZoneCount;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * The swarm: one host's decisions for one blob are the puller's own {@link SwarmScheduler}, not a copy, driven by
 * the simulated clock and tracker. Hosts are tracker ids {@code h<index>}; every host is in one zone, so a peer is
 * at distance {@code rack} or {@code zone}.
 */
final class SwarmChunkPolicy implements ChunkPolicy {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final Simulation sim;
    private final SwarmScheduler scheduler;
    private final HostActivity activity;
    private final InstantSource clock;
    private final Instant created;
    /** As the daemon's peer watchdog: a whole chunk at the policy's least rate (SwarmDownload). */
    private final java.time.Duration limit;

    SwarmChunkPolicy(Simulation sim, int host, int blob, SwarmPolicy policy, HostActivity activity) {
        this.sim = sim;
        this.activity = activity;
        InstantSource clock = () -> at(sim.now());
        this.clock = clock;
        this.created = clock.instant();
        this.limit = policy.peerChunkLimit(sim.config().chunkBytes());
        String digest = "sha256:" + String.format("%064x", blob);
        scheduler = new SwarmScheduler(digest, id(host), sim.chunkCount(blob), new BitSet(), seedBase(sim, blob), policy,
                clock);
    }

    /** As {@code ModelPuller}: the version's offset plus the chunks of the blobs before this one (spec/peers.md). */
    private static long seedBase(Simulation sim, int blob) {
        long base = SeederElection.offset("sha256:" + "5e".repeat(32)); // the simulated version's manifest digest
        for (int b = 0; b < blob; b++) {
            base += sim.chunkCount(b);
        }
        return base;
    }

    /** One {@link HostActivity} per host, shared by its blobs, as {@code LanPeers} shares one per daemon. */
    static Simulation.PolicyFactory factory(SwarmPolicy policy) {
        Map<Integer, HostActivity> hosts = new HashMap<>();
        return (sim, host, blob) -> new SwarmChunkPolicy(sim, host, blob, policy,
                hosts.computeIfAbsent(host, h -> HostActivity.defaults()));
    }

    /** As {@code SwarmDownload.nextJob}: the host's progress first, then a registry stream if one is free. */
    @Override
    public Choice next() {
        scheduler.progressed(activity.lastProgress(clock.instant()));
        HostActivity.Slots slots = activity.take();
        if (!slots.registry() && !slots.peer()) {
            activity.started(slots, null);
            return new Choice.Wait(Double.NaN); // the next tracker poll or a transfer of this blob ending asks again
        }
        Decision decision = scheduler.next(slots.registry(), slots.peer());
        activity.started(slots, decision instanceof Decision.Fetch f ? f.source() : null);
        return switch (decision) {
            case Decision.Fetch(int chunk, Source source) -> new Choice.Fetch(chunk, host(source));
            case Decision.Wait(var until) -> new Choice.Wait(until.map(SwarmChunkPolicy::seconds).orElse(Double.NaN));
            case Decision.Done() -> new Choice.Done();
            case Decision.GiveUp(int chunk, String reason) -> throw new IllegalStateException(reason);
        };
    }

    @Override
    public void verified(int chunk, int source) {
        scheduler.verified(chunk, source(source));
        ended(source);
    }

    @Override
    public void failed(int chunk, int source) {
        scheduler.failed(chunk, source(source), Failure.FAILED);
        ended(source);
    }

    private void ended(int source) {
        activity.ended(source(source), clock.instant());
    }

    @Override
    public void peersUpdated(List<Holding> answer, int zoneHosts, int zoneIndex) {
        List<PeerHolding> peers = new ArrayList<>(answer.size());
        for (Holding h : answer) {
            peers.add(new PeerHolding(id(h.host()), h.sameRack() ? Distance.RACK : Distance.ZONE, h.complete(), h.chunks()));
        }
        scheduler.peersUpdated(peers, new ZoneCount(zoneHosts, zoneIndex));
        if (scheduler.lastProgress().isAfter(created)) { // a blob's start is no progress
            activity.progressed(scheduler.lastProgress());
        }
    }

    /**
     * Peer transfers past the whole-chunk limit (the contract: "a peer slower than that loses its chunk to another
     * source"; a silent peer does not occur here). A registry transfer is never cut: it is slow only because the external link is shared, and
     * there is no faster source to give it to.
     */
    @Override
    public int[] overdue() {
        return scheduler.overdue(limit).stream().filter(t -> t.source() instanceof Source.Peer).mapToInt(InFlight::chunk)
                .toArray();
    }

    private static String id(int host) {
        return "h" + host;
    }

    private static int host(Source source) {
        return switch (source) {
            case Source.Registry r -> REGISTRY;
            case Source.Peer p -> Integer.parseInt(p.id().substring(1));
        };
    }

    private static Source source(int host) {
        return host == REGISTRY ? Source.REGISTRY : Source.peer(id(host));
    }

    private static Instant at(double seconds) {
        return EPOCH.plusNanos(Math.round(seconds * 1e9));
    }

    private static double seconds(Instant instant) {
        return (instant.getEpochSecond() - EPOCH.getEpochSecond()) + instant.getNano() / 1e9;
    }
}
