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
}
