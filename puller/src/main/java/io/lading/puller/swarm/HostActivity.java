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
     * Chunk transfers one host runs at once across all its blobs (4 blobs x 4 streams would be 16): each gets at
     * least an eighth of the host's link, so a chunk from a healthy peer ends within the peer time limit.
     */
    public static final int DEFAULT_TRANSFERS = 8;
    /**
     * Transfers, the registry's included, while this host runs a registry transfer: no new peer transfer starts
     * beyond that. A host's link is shared per connection, so with 8 transfers its registry stream got an eighth of
     * it; once only a few seeders still had chunks to take, the registry's link sat half idle while their links
     * were full of peer traffic (fleet lab: registry chunks still starting 122 s after the publish, lower bound
     * 86 s). With 4, a registry stream gets at least a quarter of its host's link.
     */
    public static final int TRANSFERS_WHILE_SEEDING = 4;

    private final int registryStreams;
    private final int maxTransfers;
    private int registryInUse;
    private int transfers;
    private Instant lastProgress;

    public HostActivity(int registryStreams, int maxTransfers) {
        if (registryStreams < 1 || maxTransfers < registryStreams) {
            throw new IllegalArgumentException("a host needs at least 1 registry stream and as many transfers, got "
                    + registryStreams + " and " + maxTransfers);
        }
        this.registryStreams = registryStreams;
        this.maxTransfers = maxTransfers;
    }

    public static HostActivity defaults() {
        return new HostActivity(DEFAULT_REGISTRY_STREAMS, DEFAULT_TRANSFERS);
    }

    /** Takes a registry stream if one is free; give it back with {@link #registryDone()}. */
    public synchronized boolean tryRegistry() {
        if (registryInUse >= registryStreams) {
            return false;
        }
        registryInUse++;
        return true;
    }

    public synchronized void registryDone() {
        if (registryInUse == 0) {
            throw new IllegalStateException("no registry stream is taken");
        }
        registryInUse--;
    }

    public synchronized int registryInUse() {
        return registryInUse;
    }

    /**
     * Takes one of the host's transfer slots (any source, any blob) if one is free; end it with {@link
     * #transferEnded} after the transfer or {@link #transferDropped} when no transfer came of it.
     */
    public synchronized boolean tryTransfer() {
        if (transfers >= (registryInUse > 0 ? Math.min(maxTransfers, TRANSFERS_WHILE_SEEDING) : maxTransfers)) {
            return false;
        }
        transfers++;
        return true;
    }

    /** A slot taken with {@link #tryTransfer} started no transfer (the blob had nothing to start): no progress. */
    public synchronized void transferDropped() {
        if (transfers == 0) {
            throw new IllegalStateException("no transfer slot is taken");
        }
        transfers--;
    }

    /** A chunk transfer ended at {@code at}: while it ran the host was moving, so that counts as progress. */
    public synchronized void transferEnded(Instant at) {
        if (transfers == 0) {
            throw new IllegalStateException("no transfer is running");
        }
        transfers--;
        progressed(at);
    }

    /** The swarm moved at {@code at} (a chunk verified, a peer holding more); earlier instants are ignored. */
    public synchronized void progressed(Instant at) {
        if (lastProgress == null || at.isAfter(lastProgress)) {
            lastProgress = at;
        }
    }

    /** When this host last saw the swarm move: {@code now} while a transfer runs; null if it never has. */
    public synchronized Instant lastProgress(Instant now) {
        return transfers > 0 ? now : lastProgress;
    }
}
