package io.lading.puller.sim;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.swarm.SwarmPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator on cases small enough to work out by hand. */
class FleetSimulatorTest {
    private static final long CHUNK = 64 * SimConfig.MIB;
    private static final double GBIT = 1e9;

    /** Two hosts, one chunk, external 1 Gbit/s, hosts 4 Gbit/s: exact event times, a tracker answer at once. */
    private static SimConfig tiny(int hosts, int chunks) {
        return new SimConfig(hosts, chunks * CHUNK, chunks * CHUNK, CHUNK, 1 * GBIT, 4 * GBIT, 32, 0, 8, 4, 0.05, 200,
                0, 15, 0, 1);
    }

    @Test
    void givenTwoHostsAndOneChunk_whenPipelined_thenFinishIsChunkOverExternalPlusChunkOverHostLink() {
        SimResult r = FleetSimulator.simulate(tiny(2, 1), Topology.PIPELINE);

        double expected = CHUNK * 8 / (1 * GBIT) + CHUNK * 8 / (4 * GBIT);
        assertEquals(expected, r.finish(), 1e-6);
        assertEquals(1.0, r.registryCopies(), 1e-9, "the registry sends the chunk once");
    }

    @Test
    void givenTwoHostsAndOneChunk_whenSwarming_thenOneHostSeedsFromTheRegistryAndTheOtherTakesItFromThatPeer() {
        // The settle time (0.1 s) lets each host see the other in a tracker answer (every 0.05 s) before electing.
        SwarmPolicy policy = SwarmPolicy.defaults().withSettle(Duration.ofMillis(100));

        SimResult r = FleetSimulator.simulate(tiny(2, 1), Topology.SWARM, policy);

        double exact = 0.1 + CHUNK * 8 / (1 * GBIT) + CHUNK * 8 / (4 * GBIT);
        assertEquals(1.0, r.registryCopies(), 1e-9, "only the elected seeder asks the registry");
        assertTrue(r.finish() >= exact - 1e-6 && r.finish() <= exact + 0.05 + 1e-6,
                "finish " + r.finish() + " should be settle + chunk/external + chunk/host link = " + exact
                        + ", plus at most one tracker poll (0.05 s)");
    }

    @Test
    void givenTwoFlowsOnTheExternalLink_whenBothHostsFetchFromTheRegistry_thenTheyShareItFairly() {
        FlowNetwork net = new FlowNetwork(2, 100, 1000, 1000);
        FlowNetwork.Flow a = net.start(-1, 0, 0, 0, 100);
        FlowNetwork.Flow b = net.start(-1, 1, 0, 0, 100);
        FlowNetwork.Flow c = net.start(0, 1, 0, 1, 100);

        net.settle();

        assertEquals(50, a.rate, 1e-9);
        assertEquals(50, b.rate, 1e-9);
        assertEquals(950, c.rate, 1e-9, "host 1's downlink gives the peer flow what the registry flow leaves");
    }

    @Test
    void givenABinaryTree_whenEveryParentFeedsTwoChildren_thenItTakesAboutTwiceTheLowerBound() {
        // One stream per host, so chunks move one at a time and the pipeline fills within a chunk per level.
        SimConfig config = new SimConfig(7, 40 * CHUNK, 40 * CHUNK, CHUNK, 1 * GBIT, 1 * GBIT, 32, 0, 1, 1, 1, 200, 0,
                15, 0, 1);

        SimResult r = FleetSimulator.simulate(config, Topology.TREE);

        assertEquals(2.0, r.overLowerBound(), 0.15, "each parent's uplink is split between two children");
        assertEquals(1.0, r.registryCopies(), 1e-9);
    }

    @Test
    void givenAFailedHost_whenSwarming_thenEveryLiveHostStillFinishes() {
        SimConfig config = new SimConfig(20, 4 * 16 * CHUNK, 16 * CHUNK, CHUNK, 10 * GBIT, 10 * GBIT, 8, 0.1, 8, 4, 1,
                200, 0.25, 15, 0.001, 7);

        SimResult r = FleetSimulator.simulate(config, Topology.SWARM);

        assertEquals(2, r.failed());
        assertTrue(Double.isFinite(r.finish()), "every live host finishes");
        assertTrue(r.registryCopies() < 3, "the registry sent " + r.registryCopies() + " copies");
    }

    @Test
    void givenAZoneLargerThanTheTrackersAnswer_whenSwarming_thenTheRegistrySendsEachChunkOnce() {
        // 60 hosts in one zone, answers of 10 peers: ranked among its answer alone, about 6 hosts would think they seed
        // each chunk. The answer's zone count makes the ring the whole zone.
        SimConfig config = new SimConfig(60, 2 * 24 * CHUNK, 24 * CHUNK, CHUNK, 10 * GBIT, 10 * GBIT, 8, 0, 4, 2, 0.5,
                10, 0.25, 15, 0.001, 3);

        SimResult r = FleetSimulator.simulate(config, Topology.SWARM);

        assertEquals(1.0, r.registryCopies(), 1e-9, "the registry sent " + r.registryCopies() + " copies");
        assertTrue(Double.isFinite(r.finish()));
    }

    @Test
    void givenHostsThatEachSeedSomeChunks_whenSwarming_thenTheRegistryLinkIsNotLeftIdleBehindThePeerCopies() {
        // 16 hosts, 256 chunks: each seeds 16 from the registry while its 8 peer slots copy what the others seeded.
        // When a registry transfer needed a free peer slot, seeders with full slots left the external link idle.
        // A settle of 1 s: after one tracker poll (0.5 s) of announces 0.25 s old, every host sees the whole zone.
        SimConfig config = new SimConfig(16, 256 * CHUNK, 16 * CHUNK, CHUNK, 10 * GBIT, 10 * GBIT, 32, 0, 4, 4, 0.5, 200,
                0.25, 15, 0.001, 5);

        SimResult r = FleetSimulator.simulate(config, Topology.SWARM, SwarmPolicy.defaults().withSettle(Duration.ofSeconds(1)));

        assertEquals(1.0, r.registryCopies(), 1e-9);
        assertTrue(r.overLowerBound() < 2.5, "finished at " + r.overLowerBound() + "x the lower bound");
    }
}
