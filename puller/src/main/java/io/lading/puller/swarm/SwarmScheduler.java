package io.lading.puller.swarm;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one blob on one host, which chunk to fetch next and from where (spec/peers.md, Scheduling). A
 * pure state machine: no I/O, no threads, time only from the injected {@link InstantSource}; the fetch engine
 * drives it with real transfers and the fleet simulator with simulated ones. Not thread-safe: one caller at a
 * time (the engine holds a lock around every call).
 *
 * <p>The rules, in the order they apply to a missing chunk that is not in flight:
 * <ol>
 *   <li><b>Peers first.</b> When a peer that is not banned holds the chunk, it comes from a peer: the closest
 *       (rack, zone, region, other), then the one with fewest transfers from us, then a complete one, then a
 *       hash that spreads askers over holders. A peer serves at most {@code maxPerPeer} of our transfers at once;
 *       a peer that failed or stalled rests for {@code peerRest}.</li>
 *   <li><b>Registry by election.</b> When no peer holds it (or every holder rests after a failure), this host
 *       takes it from the registry only if it ranks among the zone's first {@code registrySeeders} for this chunk
 *       ({@link SeederElection}; banned and resting peers do not stand), and not before {@code settle} after the
 *       start, so hosts that start together see each other first.</li>
 *   <li><b>Registry by fallback.</b> Anyone takes it from the registry once the swarm has made no progress (no
 *       chunk verified here, no peer holding more, and, as {@link #progressed} reports, no transfer running on
 *       this host and nothing verified for its other blobs) for {@code registryFallback}.</li>
 *   <li><b>Rarest first.</b> Of the chunks that can start now, the one the fewest peers hold goes first (a
 *       chunk nobody holds, from the registry, counts as rarest), ties broken by a per-host hash so that hosts
 *       spread over different chunks and then trade them.</li>
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
    /** Per peer, the first 64 bits of its rank key per chunk, computed when first needed (see {@link #rank}). */
    private final Map<String, long[]> ranks = new HashMap<>();
    private final Map<String, BitSet> ranked = new HashMap<>();
    /** The election under the current answer, per chunk, computed when a chunk first needs it. */
    private final BitSet electionKnown = new BitSet();
    private final BitSet elected = new BitSet();
    private final List<String> rivals = new ArrayList<>();
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
    }

    /**
     * Replaces what the scheduler knows of the other peers with a fresh tracker answer (the asking host itself,
     * if listed, is ignored). A peer absent from the answer is no longer asked; bans and rests are kept.
     */
    public void peersUpdated(Collection<PeerHolding> answer) {
        boolean progressed = false;
        Map<String, PeerHolding> fresh = new LinkedHashMap<>();
        for (PeerHolding p : answer) {
            if (p.id().equals(self)) {
                continue;
            }
            PeerHolding before = peers.get(p.id());
            if (before != null && p.held(chunkCount) > before.held(chunkCount)) {
                progressed = true;
            }
            fresh.put(p.id(), p);
        }
        peers.clear();
        peers.putAll(fresh);
        if (progressed) {
            lastProgress = clock.instant();
        }
        electionChanged();
    }

    /** What a free stream should do now. A {@link Decision.Fetch} is counted in flight at once. */
    public Decision next() {
        return next(true);
    }

    /**
     * As {@link #next()}, with {@code registryFree} false when this host has no registry stream to spare ({@link
     * HostActivity}): the chunks that would go to the registry wait, peer transfers still start.
     */
    public Decision next(boolean registryFree) {
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
        int bestChunk = -1;
        Source bestSource = null;
        int bestRarity = Integer.MAX_VALUE;
        long bestTie = 0;
        for (int chunk = have.nextClearBit(0); chunk < chunkCount; chunk = have.nextClearBit(chunk + 1)) {
            if (inFlight.containsKey(chunk)) {
                continue;
            }
            int rarity = 0;
            int awake = 0;
            for (PeerHolding p : peers.values()) {
                if (!banned.contains(p.id()) && p.holds(chunk)) {
                    rarity++;
                    if (!resting(p.id(), now)) {
                        awake++;
                    }
                }
            }
            Source source = pickPeer(chunk, now);
            if (source == null) {
                Instant registryAt = registryAllowedAt(chunk, awake, now);
                if (!registryAt.isAfter(now)) {
                    if (!registryFree) {
                        continue; // a registry stream ending wakes the caller
                    }
                    source = Source.REGISTRY;
                } else {
                    wake = earliest(wake, registryAt);
                    if (rarity > 0) {
                        wake = earliest(wake, restEnds(chunk, now));
                    }
                    continue;
                }
            }
            long tie = mix(self.hashCode(), chunk, digest.hashCode());
            if (rarity < bestRarity || (rarity == bestRarity && Long.compareUnsigned(tie, bestTie) < 0)) {
                bestChunk = chunk;
                bestSource = source;
                bestRarity = rarity;
                bestTie = tie;
            }
        }
        if (bestSource == null) {
            return new Decision.Wait(Optional.ofNullable(wake));
        }
        start(bestChunk, bestSource, now);
        return new Decision.Fetch(bestChunk, bestSource);
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
                    boolean fresh = banned.add(peer.id());
                    electionChanged();
                    return fresh;
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

    /** Transfers running longer than {@code stall}: the caller cuts them off and reports {@link Failure#STALLED}. */
    public List<InFlight> overdue() {
        Instant limit = clock.instant().minus(policy.stall());
        return inFlight.values().stream().filter(t -> t.started().isBefore(limit)).toList();
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
     * Whether this host is among the registry seeders for {@code chunk} under the current tracker answer (peers
     * resting after a failure aside, see {@link #next()}).
     */
    public boolean electedSeeder(int chunk) {
        if (!electionKnown.get(chunk)) {
            int ahead = 0;
            for (String rival : rivals) {
                if (ranksBefore(rival, self, chunk) && ++ahead >= policy.registrySeeders()) {
                    break;
                }
            }
            elected.set(chunk, ahead < policy.registrySeeders());
            electionKnown.set(chunk);
        }
        return elected.get(chunk);
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

    /** The best peer to ask for the chunk now, or null when none holds it or all that do are busy or resting. */
    private Source pickPeer(int chunk, Instant now) {
        List<PeerHolding> usable = new ArrayList<>();
        for (PeerHolding p : peers.values()) {
            if (p.holds(chunk) && !banned.contains(p.id()) && !resting(p.id(), now)
                    && perPeer.getOrDefault(p.id(), 0) < policy.maxPerPeer()) {
                usable.add(p);
            }
        }
        return usable.stream()
                .min(Comparator.<PeerHolding>comparingInt(p -> p.distance().ordinal())
                        .thenComparingInt(p -> perPeer.getOrDefault(p.id(), 0))
                        .thenComparing(p -> !p.complete())
                        .thenComparing((a, b) -> Long.compareUnsigned(spread(chunk, a), spread(chunk, b))))
                .<Source>map(p -> Source.peer(p.id()))
                .orElse(null);
    }

    private long spread(int chunk, PeerHolding p) {
        return mix(self.hashCode(), chunk, p.id().hashCode());
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
     * When this host may take the chunk from the registry (rules 2 and 3). {@code awakeHolders} counts the peers
     * holding it that are neither banned nor resting: while one is, the chunk waits for peers. A resting peer is
     * no seeder either, so a host whose rival stalled takes its place rather than wait for the fallback.
     */
    private Instant registryAllowedAt(int chunk, int awakeHolders, Instant now) {
        Instant fallback = (lastProgress.isAfter(started) ? lastProgress : started).plus(policy.registryFallback());
        if (awakeHolders == 0 && electedNow(chunk, now)) {
            Instant settled = started.plus(policy.settle());
            return settled.isBefore(fallback) ? settled : fallback;
        }
        return fallback;
    }

    /** The election of the current answer, re-run without the peers resting now (rarely any). */
    private boolean electedNow(int chunk, Instant now) {
        if (electedSeeder(chunk) || restingUntil.isEmpty()) {
            return electedSeeder(chunk);
        }
        int ahead = 0;
        for (PeerHolding p : peers.values()) {
            if (p.distance().sameZone() && !banned.contains(p.id()) && !resting(p.id(), now)
                    && ranksBefore(p.id(), self, chunk)) {
                ahead++;
            }
        }
        return ahead < policy.registrySeeders();
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

    /**
     * A new answer or a ban changes who stands ({@link SeederElection}: the zone's peers that want or hold the
     * blob, banned ones aside): the election is recomputed per chunk when that chunk next needs it. Computing it
     * for every chunk on every answer (every 0.5 s) was the top frame of the simulator's profile, and only the
     * chunks that would go to the registry ever need it.
     */
    private void electionChanged() {
        rivals.clear();
        for (PeerHolding p : peers.values()) {
            if (p.distance().sameZone() && !banned.contains(p.id())) { // a banned peer seeds nothing for us
                rivals.add(p.id());
            }
        }
        electionKnown.clear();
    }

    /** Whether {@code a}'s rank key for the chunk is lower than {@code b}'s (spec/peers.md: lower goes first). */
    private boolean ranksBefore(String a, String b, int chunk) {
        int c = Long.compareUnsigned(rank(a, chunk), rank(b, chunk));
        if (c != 0) {
            return c < 0;
        }
        return SeederElection.key(digest, chunk, a).compareTo(SeederElection.key(digest, chunk, b)) < 0;
    }

    /**
     * The first 64 bits of a peer's rank key, which order peers as the hex key does (a tie falls back to the
     * whole key). Kept per peer and chunk as computed: 8 bytes each, where the 64-character hex strings kept
     * before took ~110 bytes, 160 MB for one 500 GB blob and 200 peers.
     */
    private long rank(String peer, int chunk) {
        long[] r = ranks.computeIfAbsent(peer, id -> new long[chunkCount]);
        BitSet known = ranked.computeIfAbsent(peer, id -> new BitSet(chunkCount));
        if (!known.get(chunk)) {
            r[chunk] = SeederElection.rank(digest, chunk, peer);
            known.set(chunk);
        }
        return r[chunk];
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
