package io.lading.puller.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The tracker's answer to "who has or wants this blob" (spec/peers.md): the listed hosts that announced the blob,
 * as they were up to {@code announceDelay} ago, ranked same rack first, then complete, then most chunks held,
 * then id, and cut at {@code trackerLimit}. The ranking is rebuilt per blob at most once per {@code
 * announceDelay}, which is both the model of batched announces and what keeps 1000 hosts cheap.
 */
final class TrackerView {
    private final Simulation sim;
    private final double[] builtAt;
    private final List<List<ChunkPolicy.Holding>> ranked = new ArrayList<>();

    TrackerView(Simulation sim) {
        this.sim = sim;
        builtAt = new double[sim.blobs()];
        java.util.Arrays.fill(builtAt, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < sim.blobs(); b++) {
            ranked.add(List.of());
        }
    }

    List<ChunkPolicy.Holding> answer(int asker, int blob) {
        List<ChunkPolicy.Holding> all = current(blob);
        int limit = sim.config().trackerLimit();
        int rack = sim.rack(asker);
        List<ChunkPolicy.Holding> out = new ArrayList<>(Math.min(limit, all.size()));
        for (ChunkPolicy.Holding h : all) {
            if (h.host() != asker && sim.rack(h.host()) == rack && out.size() < limit) {
                out.add(new ChunkPolicy.Holding(h.host(), true, h.complete(), h.chunks()));
            }
        }
        for (ChunkPolicy.Holding h : all) {
            if (out.size() >= limit) {
                break;
            }
            if (sim.rack(h.host()) != rack) {
                out.add(h);
            }
        }
        return out;
    }

    private List<ChunkPolicy.Holding> current(int blob) {
        double now = sim.now();
        if (now - builtAt[blob] < sim.config().announceDelay()) {
            return ranked.get(blob);
        }
        int chunks = sim.chunkCount(blob);
        List<ChunkPolicy.Holding> list = new ArrayList<>();
        for (int h = 0; h < sim.hosts(); h++) {
            if (sim.announced(h, blob) && sim.listed(h)) {
                BitSet bits = (BitSet) sim.have(h, blob).clone();
                list.add(new ChunkPolicy.Holding(h, false, bits.cardinality() == chunks, bits));
            }
        }
        list.sort(Comparator.comparing((ChunkPolicy.Holding h) -> !h.complete())
                .thenComparing(h -> -h.chunks().cardinality())
                .thenComparingInt(ChunkPolicy.Holding::host));
        ranked.set(blob, list);
        builtAt[blob] = now;
        return list;
    }
}
