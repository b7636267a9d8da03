package io.lading.puller.sim;

import java.util.ArrayList;
import java.util.List;

/** How chunks travel: the swarm (the puller's scheduler), or a fixed pipeline or binary tree for comparison. */
enum Topology {
    /** Every host runs the puller's peer scheduler against the simulated tracker. */
    SWARM,
    /** registry -> h0 -> h1 -> ... -> h(n-1), chunk by chunk. */
    PIPELINE,
    /** registry -> h0; h(i) feeds h(2i+1) and h(2i+2). */
    TREE;

    int parent(int host) {
        return switch (this) {
            case PIPELINE -> host - 1;
            case TREE -> host == 0 ? -1 : (host - 1) / 2;
            case SWARM -> throw new IllegalStateException("the swarm has no fixed parent");
        };
    }

    /** The nearest live ancestor, or the registry ({@code -1}). */
    int liveParent(Simulation sim, int host) {
        int p = parent(host);
        while (p >= 0 && !sim.alive(p)) {
            p = parent(p);
        }
        return p;
    }

    /** The live hosts whose live parent is {@code host}: they can take what it just got. */
    List<Integer> liveChildren(Simulation sim, int host) {
        List<Integer> out = new ArrayList<>();
        collectChildren(sim, host, out);
        return out;
    }

    private void collectChildren(Simulation sim, int host, List<Integer> out) {
        int[] children = switch (this) {
            case PIPELINE -> new int[] {host + 1};
            case TREE -> new int[] {2 * host + 1, 2 * host + 2};
            case SWARM -> new int[0];
        };
        for (int c : children) {
            if (c < sim.hosts()) {
                if (sim.alive(c)) {
                    out.add(c);
                } else {
                    collectChildren(sim, c, out);
                }
            }
        }
    }
}
