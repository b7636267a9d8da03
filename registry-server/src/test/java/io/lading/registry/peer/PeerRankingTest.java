package io.lading.registry.peer;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.peer.Distance;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker's order (spec/peers.md, "Ranking") as a pure function. */
class PeerRankingTest {
    private static final PeerLabels ME = new PeerLabels("r1", "z1", "k1");

    private static Holding holding(String id, PeerLabels labels, boolean complete, int... chunks) {
        return new Holding(PeerId.parse(id), "http://" + id + ":7071", labels, complete,
                complete ? ChunkBitset.full(8) : ChunkBitset.of(8, chunks));
    }

    private static List<String> order(List<PeerRanking.Ranked> ranked) {
        return ranked.stream().map(r -> r.holding().id().value()).toList();
    }

    @Test
    void nearestFirstThenCompleteThenMostChunksThenId() {
        var ranked = PeerRanking.rank(List.of(
                holding("other", new PeerLabels("r9", null, null), true),
                holding("region", new PeerLabels("r1", "z2", "k1"), true),
                holding("zone", new PeerLabels("r1", "z1", "k2"), false, 0),
                holding("rack-b", ME, false, 0, 1),
                holding("rack-a", ME, false, 2, 3),
                holding("rack-many", ME, false, 0, 1, 2),
                holding("rack-full", ME, true)), ME, 100);
        assertEquals(List.of("rack-full", "rack-many", "rack-a", "rack-b", "zone", "region", "other"), order(ranked));
        assertEquals(List.of(Distance.RACK, Distance.RACK, Distance.RACK, Distance.RACK, Distance.ZONE, Distance.REGION, Distance.OTHER),
                ranked.stream().map(PeerRanking.Ranked::distance).toList());
    }

    @Test
    void theLimitCutsAfterRanking() {
        var ranked = PeerRanking.rank(List.of(holding("far", PeerLabels.NONE, true), holding("near", ME, false)), ME, 1);
        assertEquals(List.of("near"), order(ranked));
    }

    @Test
    void anAskerWithoutLabelsSeesEveryPeerAsOther() {
        var ranked = PeerRanking.rank(List.of(holding("a", ME, false, 1), holding("b", ME, true)), PeerLabels.NONE, 10);
        assertEquals(List.of("b", "a"), order(ranked));
        assertTrue(ranked.stream().allMatch(r -> r.distance() == Distance.OTHER));
    }

    @Test
    void theZoneIsCountedWholeWhateverTheLimit_andTheAskerPlacedAmongItById() {
        // spec/peers.md: the answer's zone, for the seeding ring; "region" and "other" are not in the asker's zone.
        List<Holding> holdings = List.of(holding("a-rack", ME, false), holding("b-zone", new PeerLabels("r1", "z1", "k2"), true),
                holding("z-zone", new PeerLabels("r1", "z1", "k9"), false, 1), holding("c-region", new PeerLabels("r1", "z2", "k1"), true),
                holding("d-other", new PeerLabels("r9", null, null), true));

        var zone = PeerRanking.zone(holdings, ME, PeerId.parse("m-asker"));

        assertEquals(4, zone.hosts(), "a-rack, b-zone, z-zone and the asker");
        assertEquals(2, zone.index(), "after a-rack and b-zone");
        assertEquals(1, PeerRanking.rank(holdings, ME, 1).size(), "however short the list");
    }

    @Test
    void aListLongerThanTheLimitIsCutPerAsker_nearestAndCompleteFirst_andStaysInRankingOrder() {
        List<Holding> holdings = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            holdings.add(holding(String.format("p%02d", i), ME, false, i % 8));
        }
        holdings.add(holding("full", ME, true));

        var forA = PeerRanking.rank(holdings, ME, PeerId.parse("asker-a"), 10);
        var forB = PeerRanking.rank(holdings, ME, PeerId.parse("asker-b"), 10);

        assertEquals("full", order(forA).getFirst(), "complete first, whoever asks");
        assertEquals("full", order(forB).getFirst());
        assertNotEquals(order(forA), order(forB), "two askers get different partial peers");
        assertEquals(order(PeerRanking.rank(forA.stream().map(PeerRanking.Ranked::holding).toList(), ME, 100)), order(forA),
                "in the usual order");
    }
}
