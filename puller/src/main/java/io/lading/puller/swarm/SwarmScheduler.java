package io.lading.puller.swarm;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides, for one blob on one host, which chunk to fetch next and from where (spec/peers.md, Scheduling). A
 * pure state machine: no I/O, no threads, time only from the injected {@link InstantSource}; the fetch engine
 * drives it with real transfers and the fleet simulator with simulated ones. Not thread-safe: one caller at a
 * time (the engine holds a lock around every call).
 *
 * <p>The rules, in the order they apply to a missing chunk that is not in flight:
 * <ol>
 *   <li><b>Registry by election.</b> When no peer holds it (or every holder rests after a failure), this host
 *       takes it from the registry if the zone's seeding ring gives it this chunk ({@link SeederElection}: the
 *       zone's hosts sorted by id take the version's chunks round robin; banned and resting peers are passed over),
 *       and not before {@code settle} after the start, so hosts that start together see each other first. Such a
 *       chunk goes before any peer transfer, the blob's earliest first, so the registry's link never waits for the
 *       copying.</li>
 *   <li><b>Registry by fallback.</b> Anyone takes it from the registry once the swarm has made no progress (no
 *       chunk verified here, no peer holding more, and, as {@link #progressed} reports, no transfer running on
 *       this host and nothing verified for its other blobs) for {@code registryFallback}.</li>
 *   <li><b>Peers, spread over the holders.</b> Otherwise a peer transfer: the source is drawn among the peers that
 *       hold a chunk we miss (not banned, not resting, fewer than {@code maxPerPeer} of our transfers), the zone's
 *       first (rack and zone alike), then region, then other, by a hash that changes with every decision; from that
 *       peer, the chunk the fewest peers hold (rarest first), ties spread by a per-host hash. Drawing the source
 *       first spreads the fleet's requests evenly over the uplinks that have something to give: every host sees
 *       the same tracker answer, and rarest-first alone sent all of them to the one holder of the newest
 *       chunk.</li>
 * </ol>
 * A chunk is in flight from one source at a time. A peer whose bytes fail verification is banned for this blob;
 * a chunk the registry fails {@code maxRegistryAttempts} times ends the fetch ({@link Decision.GiveUp}).
 */
public final class SwarmScheduler {
    private final String digest;
    private final String self;
    private final int chunkCount;
    private final SwarmPolicy policy;
    private final InstantSource clock;
    private final Instant started;
    private final BitSet have;
    private final Map<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<String, Integer> perPeer = new HashMap<>();
    private final Map<String, PeerHolding> peers = new LinkedHashMap<>();
    private final Set<String> banned = new HashSet<>();
    private final Map<String, Instant> restingUntil = new HashMap<>();
    private final int[] registryFailures;
    private final long selfHash;
    private final long digestHash;
    /** Peer transfers started: a new draw of the holders' order for each, so one host spreads over them too. */
    private long decisions;
    /** Where this blob's chunks start in the round robin of the version's seeding ({@link SeederElection}). */
    private final long seedBase;
    /**
     * The zone's hosts that want or hold the blob, this one included, sorted by id: the seeding ring. A host that
     * leaves the answer (gone, expired) keeps its place and is passed over, so the others share its chunks
     * ({@link SeederElection}) and nobody else's change hands: dropping it would move every later chunk to another seeder, and
     * hosts that see the change at different moments would fetch the same chunks (simulator, 5 % of 100 hosts
     * failing: 1.15x the model from the registry).
     */
    private List<String> zone = List.of();
    private final Set<String> seen = new HashSet<>();
    /** Seeders whose chunk the fallback had to take: passed over in the ring until they announce a chunk. */
    private final Set<String> passedOver = new HashSet<>();
    /** The tracker's count of the zone, when its answer lists only part of it; null when the answer is whole. */
    private ZoneCount zoneCount;
    private Instant lastProgress;

    /**
     * @param digest     the blob's digest ({@code sha256:<hex>}); part of the election hash
     * @param self       this host's tracker id
     * @param chunkCount chunks in the blob's chunk index
     * @param verified   chunks already verified here (a resumed download); copied
     * @param policy     the knobs
     * @param clock      the only source of time
     */
    public SwarmScheduler(String digest, String self, int chunkCount, BitSet verified, SwarmPolicy policy,
                          InstantSource clock) {
        this(digest, self, chunkCount, verified, SeederElection.offset(digest), policy, clock);
    }

    /**
     * As above, with {@code seedBase} where this blob's chunks start in its version's seeding round robin: the
     * version's offset plus the chunks of the blobs before it in the manifest ({@link SeederElection}).
     */
    public SwarmScheduler(String digest, String self, int chunkCount, BitSet verified, long seedBase,
                          SwarmPolicy policy, InstantSource clock) {
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunk count " + chunkCount);
        }
        this.digest = digest;
        this.self = self;
        this.chunkCount = chunkCount;
        this.policy = policy;
        this.clock = clock;
        this.started = clock.instant();
        this.lastProgress = started;
        this.have = verified.get(0, chunkCount);
        this.registryFailures = new int[chunkCount];
        this.seedBase = seedBase;
        this.selfHash = self.hashCode();
        this.digestHash = digest.hashCode();
    }

    /**
     * Replaces what the scheduler knows of the other peers with a fresh tracker answer (the asking host itself,
     * if listed, is ignored). A peer absent from the answer is no longer asked; bans and rests are kept.
     */
    public void peersUpdated(Collection<PeerHolding> answer) {
        peersUpdated(answer, null);
    }

    /**
     * As above, with the tracker's count of the zone's hosts that want or hold the blob and this host's place among
     * them by id ({@code null} when absent): when the answer lists fewer of them than that, the seeding ring is the
     * tracker's count, not the answer (a 200-peer answer in a 1000-host zone, spec/peers.md).
     */
    public void peersUpdated(Collection<PeerHolding> answer, ZoneCount count) {
        boolean progressed = false;
        Map<String, PeerHolding> fresh = new LinkedHashMap<>();
        for (PeerHolding p : answer) {
            if (p.id().equals(self)) {
                continue;
            }
            PeerHolding before = peers.get(p.id());
            if (before != null && p.held(chunkCount) > before.held(chunkCount)) {
                progressed = true;
                passedOver.remove(p.id()); // it moves after all: its turns in the ring are its own again
            }
            fresh.put(p.id(), p);
        }
        peers.clear();
        peers.putAll(fresh);
        if (progressed) {
            lastProgress = clock.instant();
        }
        boolean joined = false;
        int present = 1;
        for (PeerHolding p : peers.values()) {
            if (p.distance().sameZone()) {
                present++;
                joined |= seen.add(p.id());
            }
        }
        if (joined || zone.isEmpty()) {
            List<String> ring = new ArrayList<>(seen);
            ring.add(self);
            Collections.sort(ring);
            zone = List.copyOf(ring);
        }
        zoneCount = count != null && count.hosts() > present ? count : null;
    }

    /** What a free stream should do now. A {@link Decision.Fetch} is counted in flight at once. */
    public Decision next() {
        return next(true, true);
    }

    /**
     * As {@link #next()}, with {@code registryFree} false when this host has no registry stream to spare and {@code
     * peerFree} false when it runs as many peer transfers as it may ({@link HostActivity}): the chunks that would go
     * to a source without a free slot wait, the others still start.
     */
    public Decision next(boolean registryFree, boolean peerFree) {
        if (have.cardinality() == chunkCount) {
            return new Decision.Done();
        }
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            if (registryFailures[chunk] >= policy.maxRegistryAttempts() && !have.get(chunk)
                    && !inFlight.containsKey(chunk)) {
                return new Decision.GiveUp(chunk, "the registry failed chunk " + chunk + " of " + digest + " "
                        + registryFailures[chunk] + " times");
            }
        }
        Instant now = clock.instant();
        Instant wake = null;
        int[] holders = new int[chunkCount];
        BitSet open = new BitSet(chunkCount); // missing, not in flight, and a peer we may ask holds it
        for (int chunk = have.nextClearBit(0); chunk < chunkCount; chunk = have.nextClearBit(chunk + 1)) {
            if (inFlight.containsKey(chunk)) {
                continue;
            }
            int awake = 0;
            int usable = 0;
            for (PeerHolding p : peers.values()) {
                if (p.holds(chunk) && !banned.contains(p.id())) {
                    holders[chunk]++;
                    if (!resting(p.id(), now)) {
                        awake++;
                        usable += perPeer.getOrDefault(p.id(), 0) < policy.maxPerPeer() ? 1 : 0;
                    }
                }
            }
            if (usable > 0) {
                open.set(chunk);
                continue;
            }
            Instant registryAt = registryAllowedAt(chunk, awake, now);
            if (!registryAt.isAfter(now)) {
                if (registryFree) { // the first of the blob's chunks that may go to the registry goes first
                    start(chunk, Source.REGISTRY, now);
                    return new Decision.Fetch(chunk, Source.REGISTRY);
                }
            } else if (awake == 0) {
                wake = earliest(wake, registryAt);
                if (holders[chunk] > 0) {
                    wake = earliest(wake, restEnds(chunk, now));
                }
            }
        }
        if (!peerFree || open.isEmpty()) {
            return new Decision.Wait(Optional.ofNullable(wake));
        }
        PeerHolding bestPeer = null;
        int bestChunk = -1;
        long bestKey = 0;
        for (PeerHolding p : peers.values()) {
            if (banned.contains(p.id()) || resting(p.id(), now)
                    || perPeer.getOrDefault(p.id(), 0) >= policy.maxPerPeer()) {
                continue;
            }
            long key = mix(selfHash ^ digestHash, p.id().hashCode(), decisions);
            if (bestPeer != null && (reach(p) > reach(bestPeer)
                    || (reach(p) == reach(bestPeer) && Long.compareUnsigned(key, bestKey) >= 0))) {
                continue;
            }
            int chunk = rarestHeld(p, open, holders);
            if (chunk >= 0) {
                bestPeer = p;
                bestChunk = chunk;
                bestKey = key;
            }
        }
        if (bestPeer == null) {
            return new Decision.Wait(Optional.ofNullable(wake));
        }
        Source source = Source.peer(bestPeer.id());
        decisions++;
        start(bestChunk, source, now);
        return new Decision.Fetch(bestChunk, source);
    }

    /**
     * How far a peer is for picking a source: the zone's peers (rack or zone) alike, then region, then other. Same
     * rack first made every host of a rack ask the one rack peer that held something new, while the rest of the
     * zone's uplinks idled (simulator, 100 hosts in racks of 32: 82.6 s against 60.5 s with the zone alike).
     */
    private static int reach(PeerHolding p) {
        return p.distance().sameZone() ? 0 : p.distance().ordinal();
    }

    /** Of the open chunks {@code p} holds, the one the fewest peers hold (ties spread by a per-host hash); or -1. */
    private int rarestHeld(PeerHolding p, BitSet open, int[] holders) {
        int best = -1;
        long bestTie = 0;
        for (int chunk = open.nextSetBit(0); chunk >= 0; chunk = open.nextSetBit(chunk + 1)) {
            if (!p.holds(chunk)) {
                continue;
            }
            long tie = mix(selfHash, chunk, digestHash);
            if (best < 0 || holders[chunk] < holders[best]
                    || (holders[chunk] == holders[best] && Long.compareUnsigned(tie, bestTie) < 0)) {
                best = chunk;
                bestTie = tie;
            }
        }
        return best;
    }

    /**
     * The swarm moved at {@code at} as seen from elsewhere on this host (another blob's chunk, a transfer running:
     * {@link HostActivity}), which holds off the registry fallback as progress on this blob would.
     */
    public void progressed(Instant at) {
        if (at != null && at.isAfter(lastProgress)) {
            lastProgress = at;
        }
    }

    /** When this blob's swarm last moved (a chunk verified here, a peer holding more), or its start. */
    public Instant lastProgress() {
        return lastProgress;
    }

    /** The chunk arrived and matched the chunk index. */
    public void verified(int chunk, Source source) {
        finish(chunk, source);
        have.set(chunk);
        lastProgress = clock.instant();
    }

    /**
     * The transfer failed. Returns true when this banned the peer for the blob (corrupt bytes): the caller
     * reports it. A peer that failed or stalled rests for {@code peerRest}; a registry failure counts toward
     * {@code maxRegistryAttempts}.
     */
    public boolean failed(int chunk, Source source, Failure failure) {
        finish(chunk, source);
        switch (source) {
            case Source.Peer peer -> {
                if (failure == Failure.CORRUPT) {
                    return banned.add(peer.id());
                }
                restingUntil.put(peer.id(), clock.instant().plus(policy.peerRest()));
                return false;
            }
            case Source.Registry registry -> {
                registryFailures[chunk]++;
                return false;
            }
        }
    }

    /** The transfer was stopped for a reason that is not the source's fault (shutdown): the chunk is free again. */
    public void abandoned(int chunk, Source source) {
        finish(chunk, source);
    }

    /**
     * Transfers running longer than {@code limit} ({@link SwarmPolicy#peerChunkLimit}): the caller cuts them off and
     * reports {@link Failure#STALLED}.
     */
    public List<InFlight> overdue(Duration limit) {
        Instant since = clock.instant().minus(limit);
        return inFlight.values().stream().filter(t -> t.started().isBefore(since)).toList();
    }

    /** Chunks verified here, to announce and to serve. */
    public BitSet have() {
        return (BitSet) have.clone();
    }

    public boolean done() {
        return have.cardinality() == chunkCount;
    }

    /** Peers banned for this blob (their bytes failed verification). */
    public Set<String> banned() {
        return Set.copyOf(banned);
    }

    public List<InFlight> inFlight() {
        return List.copyOf(inFlight.values());
    }

    public int chunkCount() {
        return chunkCount;
    }

    /**
     * Whether this host is among the registry seeders for {@code chunk} under the current tracker answer, banned
     * peers passed over ({@link SeederElection}; peers resting after a failure aside, see {@link #next()}).
     */
    public boolean electedSeeder(int chunk) {
        return elected(chunk, null);
    }

    /** Seeders passed over after the fallback took one of their chunks (see {@link #registryAllowedAt}). */
    public Set<String> passedOver() {
        return Set.copyOf(passedOver);
    }

    private void start(int chunk, Source source, Instant now) {
        inFlight.put(chunk, new InFlight(chunk, source, now));
        if (source instanceof Source.Peer peer) {
            perPeer.merge(peer.id(), 1, Integer::sum);
        }
    }

    private void finish(int chunk, Source source) {
        InFlight t = inFlight.get(chunk);
        if (t == null || !t.source().equals(source)) {
            throw new IllegalStateException("chunk " + chunk + " of " + digest + " is not in flight from " + source
                    + " (in flight: " + t + ")");
        }
        inFlight.remove(chunk);
        if (source instanceof Source.Peer peer) {
            perPeer.merge(peer.id(), -1, Integer::sum);
        }
    }

    /**
     * A cheap, deterministic tie-breaker (SplitMix64 over the inputs): spreads hosts over chunks and holders
     * without a cryptographic hash per candidate, which a simulation of 1000 hosts would feel.
     */
    private static long mix(long a, long b, long c) {
        long h = a * 0x9e3779b97f4a7c15L + b;
        h = h * 0xbf58476d1ce4e5b9L + c;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /**
     * When this host may take the chunk from the registry (rules 1 and 2). {@code awakeHolders} counts the peers
     * holding it that are neither banned nor resting: while one is, the chunk waits for peers. A resting peer is
     * no seeder either, so a host whose rival stalled takes its place rather than wait for the fallback.
     *
     * <p>When the fallback fires for a chunk, its seeder is passed over from then on (until it announces a chunk),
     * so the others share all its chunks ({@link SeederElection}): a seeder that never fetches (gone without
     * leaving, wedged) costs one fallback, not one per chunk it was given, and its chunks still leave the registry
     * once. Anyone takes the chunk after a second fallback, whoever stands in.
     */
    private Instant registryAllowedAt(int chunk, int awakeHolders, Instant now) {
        Instant fallback = (lastProgress.isAfter(started) ? lastProgress : started).plus(policy.registryFallback());
        if (awakeHolders > 0) {
            return fallback;
        }
        if (!fallback.isAfter(now) && !elected(chunk, now) && zoneCount == null) {
            String seeder = SeederElection.seeder(seedBase, chunk, zone, skipped(now));
            if (seeder != null && !seeder.equals(self)) {
                passedOver.add(seeder);
            }
        }
        if (elected(chunk, now)) {
            Instant settled = started.plus(policy.settle());
            return settled.isBefore(fallback) ? settled : fallback;
        }
        return passedOver.isEmpty() ? fallback : fallback.plus(policy.registryFallback());
    }

    /** The election, passing over banned peers, seeders passed over after a fallback and, with {@code now}, resting ones. */
    private boolean elected(int chunk, Instant now) {
        if (zoneCount != null) {
            return SeederElection.elected(seedBase, chunk, zoneCount.index(), zoneCount.hosts(),
                    policy.registrySeeders());
        }
        return SeederElection.elected(seedBase, chunk, self, zone, policy.registrySeeders(), skipped(now));
    }

    private Predicate<String> skipped(Instant now) {
        return id -> !id.equals(self) && (!peers.containsKey(id) || banned.contains(id) || passedOver.contains(id)
                || (now != null && resting(id, now)));
    }

    /** When the first resting holder of the chunk may be asked again. */
    private Instant restEnds(int chunk, Instant now) {
        Instant first = null;
        for (PeerHolding p : peers.values()) {
            Instant until = restingUntil.get(p.id());
            if (p.holds(chunk) && !banned.contains(p.id()) && until != null && until.isAfter(now)) {
                first = earliest(first, until);
            }
        }
        return first;
    }

    private boolean resting(String peer, Instant now) {
        Instant until = restingUntil.get(peer);
        return until != null && until.isAfter(now);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** For logs: how long since the swarm last moved. */
    public Duration sinceProgress() {
        return Duration.between(lastProgress, clock.instant());
    }
}
