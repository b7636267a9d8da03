package io.lading.registry.peer;

import io.lading.spec.peer.Distance;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import io.lading.spec.peer.PeerList;
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

    /**
     * The asker's zone for the seeding ring (spec/peers.md, "who has or wants it"): the holdings in its rack or zone
     * and the asker, counted whole whatever the limit, and the asker's place among them by id.
     */
    public static PeerList.Zone zone(List<Holding> holdings, PeerLabels askerLabels, PeerId asker) {
        int hosts = 1;
        int index = 0;
        for (Holding h : holdings) {
            Distance d = askerLabels.distanceTo(h.labels());
            if ((d == Distance.RACK || d == Distance.ZONE) && !h.id().equals(asker)) {
                hosts++;
                index += h.id().value().compareTo(asker.value()) < 0 ? 1 : 0;
            }
        }
        return new PeerList.Zone(hosts, index);
    }

    public static List<Ranked> rank(List<Holding> holdings, PeerLabels asker, int limit) {
        return rank(holdings, asker, null, limit);
    }

    /**
     * As above; when there are more than {@code limit} and the asker is named, which of the partial holders of the
     * same distance make the cut is drawn per asker (a hash of asker and peer id), nearest and complete still
     * first, and the cut list is then in the usual order. Cut by the usual order, every host of a 1000-host zone
     * got the same 200 fullest peers and asked only them, while the other 800 uplinks idled (fleet simulator).
     */
    public static List<Ranked> rank(List<Holding> holdings, PeerLabels asker, PeerId askerId, int limit) {
        List<Ranked> ranked = holdings.stream().map(h -> new Ranked(h, asker.distanceTo(h.labels()))).toList();
        if (ranked.size() <= limit || askerId == null) {
            return ranked.stream().sorted(ORDER).limit(limit).toList();
        }
        Comparator<Ranked> draw = Comparator.comparing(Ranked::distance).thenComparing(r -> !r.holding().complete())
                .thenComparingInt(r -> (askerId.value() + "\n" + r.holding().id().value()).hashCode() * 0x9E3779B1)
                .thenComparing(r -> r.holding().id());
        return ranked.stream().sorted(draw).limit(limit).sorted(ORDER).toList();
    }
}
