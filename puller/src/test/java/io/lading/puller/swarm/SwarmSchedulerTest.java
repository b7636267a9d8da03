package io.lading.puller.swarm;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduling rules of spec/peers.md, decision by decision, on a manual clock. */
class SwarmSchedulerTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private final ManualClock clock = new ManualClock();
    private final SwarmPolicy policy = SwarmPolicy.defaults();

    private SwarmScheduler scheduler(String self, int chunks) {
        return new SwarmScheduler(DIGEST, self, chunks, new BitSet(), policy, clock);
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    @Test
    void givenAPeerHoldingAChunk_whenDeciding_thenThePeerServesItNotTheRegistry() {
        SwarmScheduler s = scheduler("a", 4);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(2))));

        assertEquals(new Decision.Fetch(2, Source.peer("b")), s.next());
    }

    @Test
    void givenChunksHeldByDifferentNumbersOfPeers_whenDeciding_thenTheRarestGoesFirst() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(0, 1)),
                new PeerHolding("c", Distance.ZONE, false, bits(0)),
                new PeerHolding("d", Distance.ZONE, false, bits(0, 1, 2))));

        assertEquals(2, ((Decision.Fetch) s.next()).chunk(), "held by one peer");
        assertEquals(1, ((Decision.Fetch) s.next()).chunk(), "held by two");
        assertEquals(0, ((Decision.Fetch) s.next()).chunk(), "held by three");
    }

    @Test
    void givenALoneHost_whenDeciding_thenItTakesEveryChunkFromTheRegistryOnceSettled() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of());
        assertInstanceOf(Decision.Wait.class, s.next(), "hosts starting together first see each other");

        clock.advance(policy.settle());
        Set<Integer> chunks = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Decision.Fetch f = (Decision.Fetch) s.next();
            assertEquals(Source.REGISTRY, f.source());
            chunks.add(f.chunk());
        }
        assertEquals(Set.of(0, 1, 2), chunks);
        assertEquals(new Decision.Wait(java.util.Optional.empty()), s.next(), "all in flight");
    }

    @Test
    void givenAZoneOfHosts_whenElecting_thenExactlyOneTakesEachChunkFromTheRegistry() {
        List<String> hosts = List.of("h1", "h2", "h3", "h4", "h5");
        int chunks = 40;
        Map<Integer, List<String>> seeders = new HashMap<>();
        for (String host : hosts) {
            SwarmScheduler s = scheduler(host, chunks);
            s.peersUpdated(hosts.stream().filter(h -> !h.equals(host))
                    .map(h -> PeerHolding.downloading(h, Distance.ZONE)).toList());
            for (int c = 0; c < chunks; c++) {
                if (s.electedSeeder(c)) {
                    seeders.computeIfAbsent(c, k -> new ArrayList<>()).add(host);
                }
            }
        }
        for (int c = 0; c < chunks; c++) {
            assertEquals(1, seeders.getOrDefault(c, List.of()).size(), "chunk " + c + ": " + seeders.get(c));
        }
        assertEquals(hosts.size(), seeders.values().stream().flatMap(List::stream).distinct().count(),
                "the seeding is spread over every host of the zone");
    }

    @Test
    void givenTwoSeedersPerZone_whenElecting_thenTwoHostsTakeEachChunk() {
        List<String> hosts = List.of("h1", "h2", "h3", "h4");
        for (int c = 0; c < 10; c++) {
            int count = 0;
            for (String host : hosts) {
                if (SeederElection.elected(DIGEST, c, host, hosts, 2)) {
                    count++;
                }
            }
            assertEquals(2, count);
        }
    }

    @Test
    void givenAPeerElectedForAChunk_whenNobodyHoldsIt_thenTheOthersWaitUntilTheFallback() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = scheduler("a", 40);
        s.peersUpdated(List.of(PeerHolding.downloading("b", Distance.ZONE)));
        clock.advance(policy.settle());
        drainAllowed(s, chunk);

        Decision wait = s.next();
        assertEquals(new Decision.Wait(java.util.Optional.of(clock.instant().plus(policy.registryFallback()))), wait,
                "the fallback counts from the last progress, the chunks just verified");

        clock.advance(policy.registryFallback());
        Decision.Fetch late = (Decision.Fetch) s.next();
        assertEquals(Source.REGISTRY, late.source());
        assertFalse(s.electedSeeder(late.chunk()), "a chunk b was elected for");
    }

    @Test
    void givenTheSwarmMakingProgress_whenWaiting_thenTheFallbackMovesOn() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = scheduler("a", 40);
        s.peersUpdated(List.of(PeerHolding.downloading("b", Distance.ZONE)));
        clock.advance(policy.settle());
        drainAllowed(s, chunk);

        clock.advance(policy.registryFallback().minusSeconds(1));
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(chunk == 0 ? 1 : 0))));
        clock.advance(Duration.ofSeconds(2));

        assertNotEquals(new Decision.Fetch(chunk, Source.REGISTRY), s.next(), "b is still seeding");
    }

    @Test
    void givenAPeerServingCorruptBytes_whenReported_thenItIsBannedAndTheChunkGoesElsewhere() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.RACK, false, bits(0)),
                new PeerHolding("c", Distance.ZONE, true, new BitSet())));
        assertEquals(new Decision.Fetch(0, Source.peer("b")), s.next(), "the closer one first");

        assertTrue(s.failed(0, Source.peer("b"), Failure.CORRUPT));

        assertEquals(Set.of("b"), s.banned());
        assertEquals(new Decision.Fetch(0, Source.peer("c")), s.next());
        s.verified(0, Source.peer("c"));
        assertEquals(new Decision.Done(), s.next());
    }

    @Test
    void givenTheOnlyHolderBanned_whenDeciding_thenTheChunkCountsAsHeldByNobody() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, true, new BitSet())));
        s.next();
        s.failed(0, Source.peer("b"), Failure.CORRUPT);
        clock.advance(policy.settle());

        assertEquals(new Decision.Fetch(0, Source.REGISTRY), s.next(), "a banned peer is no seeder candidate");
    }

    @Test
    void givenAStalledPeer_whenReported_thenItRestsAndAnotherPeerTakesTheChunk() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.RACK, true, new BitSet()),
                new PeerHolding("c", Distance.REGION, true, new BitSet())));
        assertEquals(new Decision.Fetch(0, Source.peer("b")), s.next());
        clock.advance(policy.stall().plusSeconds(1));
        assertEquals(List.of(0), s.overdue().stream().map(InFlight::chunk).toList());

        assertFalse(s.failed(0, Source.peer("b"), Failure.STALLED), "stalled is not banned");

        assertEquals(new Decision.Fetch(0, Source.peer("c")), s.next());
        s.failed(0, Source.peer("c"), Failure.FAILED);
        assertEquals(new Decision.Fetch(0, Source.REGISTRY), s.next(), "both holders rest: the registry it is");
        s.failed(0, Source.REGISTRY, Failure.FAILED);
        clock.advance(policy.peerRest());
        assertEquals(new Decision.Fetch(0, Source.peer("b")), s.next(), "rested, b is asked again");
    }

    @Test
    void givenTheOnlyHolderResting_whenThisHostIsTheZonesOnlyOtherCandidate_thenItTakesTheRegistry() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of(PeerHolding.complete("b", Distance.RACK)));
        clock.advance(policy.settle());
        assertEquals(new Decision.Fetch(0, Source.peer("b")), s.next());

        s.failed(0, Source.peer("b"), Failure.STALLED);

        assertEquals(new Decision.Fetch(0, Source.REGISTRY), s.next(), "a resting holder neither serves nor seeds");
    }

    @Test
    void givenOnePeer_whenManyChunksAreWanted_thenAtMostMaxPerPeerRunAtOnce() {
        SwarmScheduler s = scheduler("a", 6);
        s.peersUpdated(List.of(PeerHolding.complete("b", Distance.ZONE)));

        assertInstanceOf(Decision.Fetch.class, s.next());
        assertInstanceOf(Decision.Fetch.class, s.next());
        assertInstanceOf(Decision.Wait.class, s.next());
        assertEquals(2, s.inFlight().size());
    }

    @Test
    void givenTheRegistryFailingAChunk_whenAttemptsRunOut_thenTheSchedulerGivesUp() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of());
        clock.advance(policy.settle());
        for (int i = 0; i < policy.maxRegistryAttempts(); i++) {
            assertEquals(new Decision.Fetch(0, Source.REGISTRY), s.next());
            s.failed(0, Source.REGISTRY, Failure.FAILED);
        }
        assertInstanceOf(Decision.GiveUp.class, s.next());
    }

    @Test
    void givenAResumedDownload_whenDeciding_thenVerifiedChunksAreNotFetchedAgain() {
        SwarmScheduler s = new SwarmScheduler(DIGEST, "a", 3, bits(0, 2), policy, clock);
        s.peersUpdated(List.of(PeerHolding.complete("b", Distance.ZONE)));

        assertEquals(new Decision.Fetch(1, Source.peer("b")), s.next());
        s.verified(1, Source.peer("b"));
        assertEquals(new Decision.Done(), s.next());
    }

    @Test
    void givenAReportForAChunkNotInFlight_whenReported_thenItIsRefused() {
        SwarmScheduler s = scheduler("a", 2);
        assertThrows(IllegalStateException.class, () -> s.verified(0, Source.REGISTRY));
    }

    /** A chunk for which {@code winner} outranks {@code loser}. */
    private static int chunkWhereElected(String winner, String loser) {
        for (int c = 0; ; c++) {
            if (SeederElection.elected(DIGEST, c, winner, List.of(winner, loser), 1)) {
                return c;
            }
        }
    }

    @Test
    void givenNoRegistryStreamFree_whenAChunkWouldGoToTheRegistry_thenItWaitsButPeerChunksStillStart() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(1))));
        clock.advance(policy.settle().plus(policy.registryFallback()));

        assertEquals(new Decision.Fetch(1, Source.peer("b")), s.next(false), "a peer's chunk needs no registry stream");
        assertInstanceOf(Decision.Wait.class, s.next(false), "the registry's chunks wait for a stream");
        assertEquals(Source.REGISTRY, ((Decision.Fetch) s.next(true)).source());
    }

    @Test
    void givenProgressElsewhereOnTheHost_whenTheFallbackWouldFire_thenTheOthersStillWaitForTheSeeder() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = scheduler("a", 40);
        s.peersUpdated(List.of(PeerHolding.downloading("b", Distance.ZONE)));
        clock.advance(policy.settle());
        drainAllowed(s, chunk);

        clock.advance(policy.registryFallback().minusSeconds(1));
        s.progressed(clock.instant()); // a transfer of another blob of this host is running
        clock.advance(Duration.ofSeconds(2));

        assertInstanceOf(Decision.Wait.class, s.next(), "b is still seeding, only slower than the fallback");
        clock.advance(policy.registryFallback());
        Decision.Fetch late = (Decision.Fetch) s.next();
        assertEquals(Source.REGISTRY, late.source(), "nothing moved for the whole fallback");
        assertFalse(s.electedSeeder(late.chunk()));
    }

    /** Takes every chunk the scheduler hands out now, checking that {@code notThis} is not among them. */
    private static void drainAllowed(SwarmScheduler s, int notThis) {
        for (Decision d = s.next(); d instanceof Decision.Fetch f; d = s.next()) {
            assertNotEquals(notThis, f.chunk());
            s.verified(f.chunk(), f.source());
        }
    }
}
