package io.lading.puller.sim;

import java.util.List;

/**
 * What the simulator asks of one host for one blob: which chunk to fetch next and from where. The swarm binds it
 * to the puller's real {@code SwarmScheduler}; the fixed topologies (a pipeline, a binary tree) are computed with
 * the same event model behind the same interface, so their finish times compare like for like.
 * Sources are host indexes, {@link #REGISTRY} for the registry.
 */
interface ChunkPolicy {
    int REGISTRY = -1;

    /** The answer to {@link #next()}. */
    sealed interface Choice {
        /** Start this chunk from this source now (the policy already counts it in flight). */
        record Fetch(int chunk, int source) implements Choice {
        }

        /** Nothing now; ask again at {@code until} (seconds of simulated time; NaN: only when something happens). */
        record Wait(double until) implements Choice {
        }

        /** Every chunk is here. */
        record Done() implements Choice {
        }
    }

    /** A tracker answer entry: another host that wants or holds the blob. */
    record Holding(int host, boolean sameRack, boolean complete, java.util.BitSet chunks) {
    }

    Choice next();

    void verified(int chunk, int source);

    /** The transfer broke off: the source died or stalled. */
    void failed(int chunk, int source);

    /**
     * A fresh tracker answer and the tracker's count of the asker's zone ({@code hosts} wanting or holding the blob,
     * the asker's {@code index} among them by id); fixed topologies ignore it.
     */
    default void peersUpdated(List<Holding> answer, int zoneHosts, int zoneIndex) {
    }

    /** Chunks whose transfer has run past the policy's stall limit; the simulator cuts them off. */
    default int[] overdue() {
        return new int[0];
    }
}
