package io.lading.puller.fetch;

import io.lading.puller.swarm.Distance;
import io.lading.puller.swarm.PeerHolding;
import io.lading.puller.swarm.SwarmPolicy;
import java.time.Duration;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory twin of a tracked swarm: a fixed set of peers (sources that hold the whole blob), recording what
 * the engine announces and whom it bans. The fetch engine cannot tell it from the tracker.
 */
final class InMemorySwarm implements PeerSwarm {
    private final Map<String, BlobSource> peers = new LinkedHashMap<>();
    final List<BitSet> announced = new CopyOnWriteArrayList<>();
    final List<String> banned = new CopyOnWriteArrayList<>();
    volatile boolean finished;
    SwarmPolicy policy = SwarmPolicy.defaults().withSettle(Duration.ZERO);

    InMemorySwarm peer(String id, BlobSource source) {
        peers.put(id, source);
        return this;
    }

    @Override
    public String self() {
        return "me";
    }

    @Override
    public SwarmPolicy policy() {
        return policy;
    }

    @Override
    public Duration refreshInterval() {
        return Duration.ofMillis(50);
    }

    @Override
    public List<PeerHolding> holders() {
        return peers.keySet().stream().map(id -> PeerHolding.complete(id, Distance.ZONE)).toList();
    }

    @Override
    public BlobSource peer(String id) {
        return peers.get(id);
    }

    @Override
    public void holding(BitSet verified) {
        announced.add((BitSet) verified.clone());
    }

    @Override
    public void banned(String peerId, String reason) {
        banned.add(peerId);
    }

    @Override
    public void finished(boolean complete) {
        finished = complete;
    }

    @Override
    public void close() {
    }
}
