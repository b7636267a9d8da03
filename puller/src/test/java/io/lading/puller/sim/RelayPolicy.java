package io.lading.puller.sim;

import java.util.BitSet;

/**
 * A fixed topology: each host takes every chunk, in order, from its parent (the nearest live ancestor when the
 * parent has died), and the root from the registry. The simulator tells a host's children at once when a chunk
 * arrives (an oracle no real tracker gives), which flatters these topologies a little against the swarm.
 */
final class RelayPolicy implements ChunkPolicy {
    private final Simulation sim;
    private final int host;
    private final int blob;
    private final BitSet inFlight = new BitSet();

    RelayPolicy(Simulation sim, int host, int blob) {
        this.sim = sim;
        this.host = host;
        this.blob = blob;
    }

    @Override
    public Choice next() {
        BitSet have = sim.have(host, blob);
        int chunks = sim.chunkCount(blob);
        if (have.cardinality() == chunks) {
            return new Choice.Done();
        }
        int parent = sim.topology().liveParent(sim, host);
        BitSet parentHas = parent == REGISTRY ? null : sim.have(parent, blob);
        for (int c = have.nextClearBit(0); c < chunks; c = have.nextClearBit(c + 1)) {
            if (inFlight.get(c)) {
                continue;
            }
            if (parentHas != null && !parentHas.get(c)) {
                break; // in order: the parent gets chunks in order too
            }
            inFlight.set(c);
            return new Choice.Fetch(c, parent);
        }
        return new Choice.Wait(Double.NaN);
    }

    @Override
    public void verified(int chunk, int source) {
        inFlight.clear(chunk);
    }

    @Override
    public void failed(int chunk, int source) {
        inFlight.clear(chunk);
    }
}
