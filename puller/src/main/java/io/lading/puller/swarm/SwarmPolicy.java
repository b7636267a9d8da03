package io.lading.puller.swarm;

import java.time.Duration;

/**
 * The knobs of peer scheduling (daemon config {@code peer.*}, spec/peers.md).
 *
 * @param registrySeeders      hosts per zone that take a given chunk from the registry at once (default 1): with
 *                             1, each chunk leaves the registry once per zone and spreads from host to host
 * @param registryFallback     how long the others wait for a peer to hold a chunk, counted from the swarm's last
 *                             progress, before anyone may fetch it from the registry (default 20 s)
 * @param settle               after a download starts, registry fetches wait this long so that hosts starting
 *                             together see each other in the tracker before the election (default 3 s)
 * @param peerRest             a peer that failed or stalled is not asked again for this long (default 5 s)
 * @param stall                a peer transfer that delivers nothing for this long is cut off, and one slower than
 *                             {@link #PEER_MIN_BYTES_PER_SECOND} over its whole chunk ({@link #peerChunkLimit}, at
 *                             least 3 stalls): the chunk goes to another source
 * @param maxPerPeer           transfers in flight from one peer at once, so one peer's uplink is not swamped by a
 *                             single downloader (default 2)
 * @param maxRegistryAttempts  registry failures of one chunk before the fetch gives up (default 4)
 */
public record SwarmPolicy(int registrySeeders, Duration registryFallback, Duration settle, Duration peerRest,
                          Duration stall, int maxPerPeer, int maxRegistryAttempts) {
    public static final int DEFAULT_REGISTRY_SEEDERS = 1;
    public static final Duration DEFAULT_REGISTRY_FALLBACK = Duration.ofSeconds(20);
    /**
     * Three seconds: hosts that learn of a version within a second of each other (a 1 s desired-state poll) and
     * announce within 250 ms see each other in a 0.5 s tracker refresh. With 1 s, hosts that had not yet seen all
     * of the zone took the same chunks from the registry (fleet lab: 3 of 35 registry chunks twice, 8 s of the
     * registry's link).
     */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(3);
    public static final Duration DEFAULT_PEER_REST = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PER_PEER = 2;
    public static final int DEFAULT_MAX_REGISTRY_ATTEMPTS = 4;

    /**
     * A peer transfer slower than this on average over its whole chunk loses it, however it trickles (a silent one
     * loses it after {@code stall}). A fixed 3 stall times (30 s) cut off transfers that were moving, only shared: a
     * peer's uplink serving 16 transfers gives each 12.5 Mbit/s of 200, 43 s for a 64 MiB chunk, and every chunk cut
     * off started again from its first byte elsewhere (fleet lab: 16.9 GB from peers where 15.0 GB would do).
     */
    public static final long PEER_MIN_BYTES_PER_SECOND = 1L << 20;
    /** The least whole-chunk time a peer is given, however small the chunk, in stall times. */
    public static final int PEER_CHUNK_LIMIT_STALLS = 3;

    public SwarmPolicy {
        if (registrySeeders < 1 || maxPerPeer < 1 || maxRegistryAttempts < 1 || registryFallback.isNegative()
                || settle.isNegative() || peerRest.isNegative() || stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("invalid swarm policy: " + registrySeeders + " seeders, fallback "
                    + registryFallback + ", settle " + settle + ", rest " + peerRest + ", stall " + stall + ", "
                    + maxPerPeer + " per peer, " + maxRegistryAttempts + " registry attempts");
        }
    }

    /** How long a peer may take for a whole chunk of {@code chunkBytes}: at the least rate, and 3 stalls at least. */
    public Duration peerChunkLimit(long chunkBytes) {
        Duration atLeastRate = Duration.ofMillis(chunkBytes * 1000 / PEER_MIN_BYTES_PER_SECOND);
        Duration floor = stall.multipliedBy(PEER_CHUNK_LIMIT_STALLS);
        return atLeastRate.compareTo(floor) > 0 ? atLeastRate : floor;
    }

    public static SwarmPolicy defaults() {
        return new SwarmPolicy(DEFAULT_REGISTRY_SEEDERS, DEFAULT_REGISTRY_FALLBACK, DEFAULT_SETTLE, DEFAULT_PEER_REST,
                DEFAULT_STALL, DEFAULT_MAX_PER_PEER, DEFAULT_MAX_REGISTRY_ATTEMPTS);
    }

    public SwarmPolicy withRegistrySeeders(int value) {
        return new SwarmPolicy(value, registryFallback, settle, peerRest, stall, maxPerPeer, maxRegistryAttempts);
    }

    public SwarmPolicy withRegistryFallback(Duration value) {
        return new SwarmPolicy(registrySeeders, value, settle, peerRest, stall, maxPerPeer, maxRegistryAttempts);
    }

    public SwarmPolicy withSettle(Duration value) {
        return new SwarmPolicy(registrySeeders, registryFallback, value, peerRest, stall, maxPerPeer, maxRegistryAttempts);
    }

    public SwarmPolicy withPeerRest(Duration value) {
        return new SwarmPolicy(registrySeeders, registryFallback, settle, value, stall, maxPerPeer, maxRegistryAttempts);
    }

    public SwarmPolicy withStall(Duration value) {
        return new SwarmPolicy(registrySeeders, registryFallback, settle, peerRest, value, maxPerPeer, maxRegistryAttempts);
    }

    public SwarmPolicy withMaxPerPeer(int value) {
        return new SwarmPolicy(registrySeeders, registryFallback, settle, peerRest, stall, value, maxRegistryAttempts);
    }

    public SwarmPolicy withMaxRegistryAttempts(int value) {
        return new SwarmPolicy(registrySeeders, registryFallback, settle, peerRest, stall, maxPerPeer, value);
    }
}
