package io.lading.puller.swarm;

import java.time.Instant;

/**
 * What the blob downloads of one host share while peers are on (issue 6): a bound on its registry transfers
 * across all blobs, and when it last saw the swarm move. Thread-safe; one per host.
 *
 * <p>Why a bound per host, not per blob: with peers on, every blob of a version downloads at once so the elected
 * seeders keep the registry's link busy from start to end. Were each blob's streams free to take registry chunks,
 * a host elected for chunks of four blobs would open four registry streams, every chunk on the link would crawl at
 * a small share of it, and all would land together at the end with nothing for peers to copy until then. One
 * registry stream per host lets chunks leave the registry one after another and spread while the next comes.
 *
 * <p>Why progress is shared: a chunk from a busy registry can take longer than the registry fallback, and while
 * it is on its way no blob of the swarm shows progress. Counted per blob, the fallback then fired for chunks that
 * were merely queued at their seeder, and every host fetched them again (the lab's 2.94x registry bytes). Here a
 * transfer running on this host counts as progress (a stalled one is cut off by its watchdog), as does a chunk
 * verified here or a peer announcing more of any blob.
 */
public final class HostActivity {
    /** Registry transfers one host runs at once across all its blobs, with peers on. */
    public static final int DEFAULT_REGISTRY_STREAMS = 1;
    /**
     * Peer transfers one host runs at once across all its blobs (4 blobs x 4 streams would be 16): each gets at
     * least an eighth of the host's link. A registry transfer comes on top of them.
     */
    public static final int DEFAULT_TRANSFERS = 8;
    /**
     * Transfers, the registry's included, while this host runs a registry transfer: no new peer transfer starts
     * beyond that (running ones end on their own). A host's link is shared per connection, so with 8 transfers its registry stream got an eighth of
     * it; once only a few seeders still had chunks to take, the registry's link sat half idle while their links
     * were full of peer traffic (fleet lab: registry chunks still starting 122 s after the publish, lower bound
     * 86 s). With 4, a registry stream gets at least a quarter of its host's link.
     */
    public static final int TRANSFERS_WHILE_SEEDING = 4;

    private final int registryStreams;
    private final int maxTransfers;
    private int registryInUse;
    private int peerTransfers;
    private Instant lastProgress;

    /** The slots one decision may use, taken by {@link #take()}: a registry stream and a peer transfer, each if free. */
    public record Slots(boolean registry, boolean peer) {
    }

    public HostActivity(int registryStreams, int maxTransfers) {
        if (registryStreams < 1 || maxTransfers < 1) {
            throw new IllegalArgumentException("a host needs at least 1 registry stream and 1 transfer, got "
                    + registryStreams + " and " + maxTransfers);
        }
        this.registryStreams = registryStreams;
        this.maxTransfers = maxTransfers;
    }

    public static HostActivity defaults() {
        return new HostActivity(DEFAULT_REGISTRY_STREAMS, DEFAULT_TRANSFERS);
    }

    /**
     * Takes a registry stream and a peer transfer slot, each if free, for one decision; {@link #started} then gives
     * back what it did not use. A registry stream needs no peer slot: when it did, a seeder whose slots were full of
     * peer transfers (there is always a chunk to copy) left its registry chunks waiting, and the registry's link sat
     * idle for most of the simulated 100-host rollout.
     */
    public synchronized Slots take() {
        boolean peer = peerTransfers < (registryInUse > 0 ? Math.min(maxTransfers, TRANSFERS_WHILE_SEEDING - 1)
                : maxTransfers);
        boolean registry = registryInUse < registryStreams;
        peerTransfers += peer ? 1 : 0;
        registryInUse += registry ? 1 : 0;
        return new Slots(registry, peer);
    }

    /** The decision on {@code taken} started a transfer from {@code source}, or none (null): the rest is given back. */
    public synchronized void started(Slots taken, Source source) {
        if (taken.registry() && !(source instanceof Source.Registry)) {
            release(true);
        }
        if (taken.peer() && !(source instanceof Source.Peer)) {
            release(false);
        }
    }

    /** A transfer from {@code source} ended at {@code at}: while it ran the host was moving, so that is progress. */
    public synchronized void ended(Source source, Instant at) {
        release(source instanceof Source.Registry);
        progressed(at);
    }

    public synchronized int registryInUse() {
        return registryInUse;
    }

    /** The swarm moved at {@code at} (a chunk verified, a peer holding more); earlier instants are ignored. */
    public synchronized void progressed(Instant at) {
        if (lastProgress == null || at.isAfter(lastProgress)) {
            lastProgress = at;
        }
    }

    /** When this host last saw the swarm move: {@code now} while a transfer runs; null if it never has. */
    public synchronized Instant lastProgress(Instant now) {
        return registryInUse + peerTransfers > 0 ? now : lastProgress;
    }

    private void release(boolean registry) {
        if ((registry ? registryInUse : peerTransfers) == 0) {
            throw new IllegalStateException("no " + (registry ? "registry stream" : "peer transfer") + " is taken");
        }
        if (registry) {
            registryInUse--;
        } else {
            peerTransfers--;
        }
    }
}
