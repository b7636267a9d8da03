package io.lading.puller.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The tracker's answer to "who has or wants this blob" (spec/peers.md): the listed hosts that announced the blob,
 * as they were up to {@code announceDelay} ago, ranked same rack first, then complete, then most chunks held,
 * then id, and cut at {@code trackerLimit}: past the rack and the complete hosts, which partial hosts make the cut
 * depends on the asker, as in the tracker. The ranking is rebuilt per blob at most once per {@code
 * announceDelay}, which is both the model of batched announces and what keeps 1000 hosts cheap.
 */
final class TrackerView {
    private final Simulation sim;
    private final double[] builtAt;
    private final List<List<ChunkPolicy.Holding>> ranked = new ArrayList<>();
    /** Host ids ({@code h<n>}) in string order, as the tracker and the scheduler sort them: rank of each host. */
    private final int[] idRank;
    /** Per blob, at the last build: how many listed announcers rank before each id rank (prefix counts). */
    private final int[][] before;


    TrackerView(Simulation sim) {
        this.sim = sim;
        builtAt = new double[sim.blobs()];
        java.util.Arrays.fill(builtAt, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < sim.blobs(); b++) {
            ranked.add(List.of());
        }
        Integer[] byId = new Integer[sim.hosts()];
        for (int h = 0; h < byId.length; h++) {
            byId[h] = h;
        }
        java.util.Arrays.sort(byId, Comparator.comparing(h -> "h" + h));
        idRank = new int[sim.hosts()];
        for (int r = 0; r < byId.length; r++) {
            idRank[byId[r]] = r;
        }
        before = new int[sim.blobs()][sim.hosts() + 1];
    }

    /**
     * The tracker's count of the asker's zone (spec/peers.md, the answer's {@code zone}): every host is in one zone,
     * so the listed hosts that announced the blob, the asker included, however many the answer shows.
     */
    int zoneHosts(int asker, int blob) {
        current(blob);
        int listed = before[blob][sim.hosts()];
        return listed + (wasCounted(asker, blob) ? 0 : 1);
    }

    /** The asker's place among {@link #zoneHosts} by id. */
    int zoneIndex(int asker, int blob) {
        current(blob);
        return before[blob][idRank[asker]];
    }

    private boolean wasCounted(int asker, int blob) {
        return before[blob][idRank[asker] + 1] > before[blob][idRank[asker]];
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
        // Cut per asker, as the tracker does when the list is longer than the limit: complete hosts first, then the
        // partial ones from a place that depends on the asker (the tracker draws them by a hash of asker and peer).
        int partialFrom = 0;
        while (partialFrom < all.size() && all.get(partialFrom).complete()) {
            partialFrom++;
        }
        int partials = all.size() - partialFrom;
        int start = all.size() > limit && partials > 0 ? Math.floorMod(asker * 0x9E3779B1, partials) : 0;
        for (int i = 0; i < all.size() && out.size() < limit; i++) {
            ChunkPolicy.Holding h = i < partialFrom ? all.get(i) : all.get(partialFrom + (i - partialFrom + start) % partials);
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
        int[] counts = before[blob];
        java.util.Arrays.fill(counts, 0);
        for (ChunkPolicy.Holding h : list) {
            counts[idRank[h.host()] + 1] = 1;
        }
        for (int r = 1; r < counts.length; r++) {
            counts[r] += counts[r - 1];
        }
        builtAt[blob] = now;
        return list;
    }
}
