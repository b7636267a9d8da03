package io.lading.puller.fetch;

import io.lading.puller.swarm.HostActivity;
import io.lading.puller.swarm.PeerHolding;
import io.lading.puller.swarm.SwarmPolicy;
import io.lading.puller.swarm.ZoneCount;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

/**
 * The LAN peers of one blob's download (issue 6, spec/peers.md), as the fetch engine needs them: who holds which
 * chunks (the tracker's answer), a source per peer, and where to tell the swarm what this host holds. The engine
 * trusts no peer: every chunk is verified against the chunk index before it is recorded.
 */
public interface PeerSwarm extends AutoCloseable {

    /** This host's tracker id. */
    String self();

    SwarmPolicy policy();

    /**
     * What this host's downloads share (registry streams, progress): one instance for all the blobs of a host.
     * The default is a fresh one, for a swarm of one blob.
     */
    default HostActivity host() {
        return HostActivity.defaults();
    }

    /**
     * Where this blob's chunks start in its version's seeding round robin (spec/peers.md, Scheduling; {@code
     * swarm.SeederElection}): the version's offset plus the chunks of the blobs before it in the manifest. The
     * default, 0, suits a swarm of one blob.
     */
    default long seedBase() {
        return 0;
    }

    /** How often the engine asks {@link #holders()} again while the download runs. */
    Duration refreshInterval();

    /** The tracker's current answer for this blob (this host left out); throws when the tracker cannot answer. */
    List<PeerHolding> holders() throws IOException;

    /**
     * The tracker's count of this host's zone from the last {@link #holders()} answer (spec/peers.md: the answer's
     * {@code zone}), or null when it gave none: the seeding ring when the answer lists only part of the zone.
     */
    default ZoneCount zone() {
        return null;
    }

    /** A source for the peer with this id from the last answer; its {@code open} fails when the peer is gone. */
    BlobSource peer(String id);

    /** The chunks verified here so far; called after every chunk, so implementations batch. */
    void holding(BitSet verified);

    /** A peer served bytes that failed verification and is banned for this blob; report it. */
    void banned(String peerId, String reason);

    /**
     * The download ended, called by whoever opened the swarm (not the engine): {@code complete} when the blob is
     * verified in the cache (announced as such), else what is verified stays announced.
     */
    void finished(boolean complete);

    /** Stops background work (batched announcements); the holding stays announced until the host leaves. */
    @Override
    void close();
}
