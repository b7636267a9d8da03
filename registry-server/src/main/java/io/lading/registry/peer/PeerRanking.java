package io.lading.registry.peer;

import io.lading.spec.peer.Distance;
import io.lading.spec.peer.PeerLabels;
import java.util.Comparator;
import java.util.List;

/**
 * The tracker's order (spec/peers.md, "Ranking"): nearest first (rack, zone, region, other), then complete before
 * partial, then more chunks held, then peer id, so every asker sees the same order. A pure function, so it is
 * tested without a database.
 */
public final class PeerRanking {
    /** A holding and how far it is from the asker. */
    public record Ranked(Holding holding, Distance distance) {
    }

    private static final Comparator<Ranked> ORDER = Comparator.comparing(Ranked::distance)
            .thenComparing(r -> !r.holding().complete())
            .thenComparing(r -> -r.holding().chunks().heldCount())
            .thenComparing(r -> r.holding().id());

    private PeerRanking() {
    }

    public static List<Ranked> rank(List<Holding> holdings, PeerLabels asker, int limit) {
        return holdings.stream().map(h -> new Ranked(h, asker.distanceTo(h.labels()))).sorted(ORDER).limit(limit).toList();
    }
}
