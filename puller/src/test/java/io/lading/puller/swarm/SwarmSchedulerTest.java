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
    void givenAPeerHoldingChunksHeldByDifferentNumbersOfPeers_whenItIsAsked_thenItsRarestGoesFirst() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(0, 1, 2)),
                new PeerHolding("c", Distance.ZONE, false, bits(0, 1)),
                new PeerHolding("d", Distance.ZONE, false, bits(0))));
        List<Integer> fromB = new ArrayList<>();
        for (Decision d = s.next(); d instanceof Decision.Fetch f; d = s.next()) {
            if (f.source().equals(Source.peer("b"))) {
                fromB.add(f.chunk());
            }
        }

        assertFalse(fromB.isEmpty());
        assertEquals(2, fromB.getFirst(), "b's first chunk is the one only b holds");
    }

    @Test
    void givenManyHostsAndFewHolders_whenEachPicksASource_thenTheHoldersAreAskedAboutEqually() {
        // Every host sees the same answer; picking the rarest chunk first sent them all to its one holder, whose
        // uplink was shared 100 ways while others idled (simulator, 100 hosts). A source is drawn per decision.
        List<PeerHolding> holders = List.of(new PeerHolding("p1", Distance.ZONE, false, bits(0)),
                new PeerHolding("p2", Distance.RACK, false, bits(0, 1)), new PeerHolding("p3", Distance.ZONE, false, bits(0, 1, 2)),
                new PeerHolding("p4", Distance.ZONE, false, bits(0, 1, 2, 3)));
        Map<String, Integer> asked = new HashMap<>();
        for (int h = 0; h < 400; h++) {
            SwarmScheduler s = scheduler("h" + h, 8);
            s.peersUpdated(holders);
            Decision.Fetch f = (Decision.Fetch) s.next();
            asked.merge(((Source.Peer) f.source()).id(), 1, Integer::sum);
        }
        for (String p : List.of("p1", "p2", "p3", "p4")) {
            assertTrue(asked.getOrDefault(p, 0) > 60 && asked.getOrDefault(p, 0) < 140, "about 100 each: " + asked);
        }
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
        Map<String, Long> load = seeders.values().stream().flatMap(List::stream)
                .collect(java.util.stream.Collectors.groupingBy(h -> h, java.util.stream.Collectors.counting()));
        assertEquals(Map.of("h1", 8L, "h2", 8L, "h3", 8L, "h4", 8L, "h5", 8L), load,
                "40 chunks on 5 hosts: every host seeds 8");
    }

    @Test
    void givenAVersionOfFourBlobs_whenEightHostsElect_thenEveryHostSeedsTheSameNumberOfChunks() {
        // The fleet lab's shape, 32 chunks in 4 blobs on 8 hosts: a blob's chunks start where the blob before ends.
        List<String> hosts = List.of("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8");
        long versionOffset = SeederElection.offset("sha256:" + "cd".repeat(32));
        Map<String, Integer> load = new HashMap<>();
        for (int blob = 0; blob < 4; blob++) {
            for (String host : hosts) {
                SwarmScheduler s = new SwarmScheduler("sha256:" + String.format("%064x", blob), host, 8, new BitSet(),
                        versionOffset + 8L * blob, policy, clock);
                s.peersUpdated(hosts.stream().filter(h -> !h.equals(host))
                        .map(h -> PeerHolding.downloading(h, Distance.ZONE)).toList());
                for (int c = 0; c < 8; c++) {
                    load.merge(host, s.electedSeeder(c) ? 1 : 0, Integer::sum);
                }
            }
        }
        assertEquals(hosts.stream().collect(java.util.stream.Collectors.toMap(h -> h, h -> 4)), load);
    }

    @Test
    void givenChunksThatDoNotDivideEvenly_whenElecting_thenEveryHostSeedsFloorOrCeilOfChunksOverHosts() {
        List<String> zone = new ArrayList<>();
        for (int h = 0; h < 100; h++) {
            zone.add("h" + h);
        }
        java.util.Collections.sort(zone);
        int chunks = 745; // 50 GB in 64 MiB chunks over 10 blobs, counted over the version
        Map<String, Integer> load = new HashMap<>();
        for (int c = 0; c < chunks; c++) {
            int seeders = 0;
            for (String host : zone) {
                if (SeederElection.elected(12345, c, host, zone, 1, id -> false)) {
                    load.merge(host, 1, Integer::sum);
                    seeders++;
                }
            }
            assertEquals(1, seeders, "chunk " + c);
        }
        assertEquals(Set.of(7, 8), Set.copyOf(load.values()), "745 / 100: 7 or 8 each");
    }

    @Test
    void givenAnAnswerListingPartOfALargeZone_whenTheTrackerCountsTheZone_thenExactlyOneHostSeedsEachChunk() {
        // 1000 hosts in one zone, each told by the tracker how many stand and where it is among them; each answer
        // lists only 3 of its peers (the tracker's limit), which alone would make every host think it seeds.
        int hosts = 1000;
        int chunks = 50;
        int[] seeders = new int[chunks];
        for (int h = 0; h < hosts; h++) {
            String self = String.format("h%04d", h);
            SwarmScheduler s = scheduler(self, chunks);
            List<PeerHolding> answer = List.of(PeerHolding.downloading(String.format("h%04d", (h + 1) % hosts), Distance.ZONE),
                    PeerHolding.downloading(String.format("h%04d", (h + 2) % hosts), Distance.ZONE),
                    PeerHolding.downloading(String.format("h%04d", (h + 3) % hosts), Distance.ZONE));
            s.peersUpdated(answer, new ZoneCount(hosts, h));
            for (int c = 0; c < chunks; c++) {
                seeders[c] += s.electedSeeder(c) ? 1 : 0;
            }
        }
        for (int c = 0; c < chunks; c++) {
            assertEquals(1, seeders[c], "chunk " + c);
        }
    }

    @Test
    void givenTwoSeedersPerZone_whenElecting_thenTwoHostsTakeEachChunk() {
        List<String> hosts = List.of("h1", "h2", "h3", "h4");
        for (int c = 0; c < 10; c++) {
            int count = 0;
            for (String host : hosts) {
                if (SeederElection.elected(SeederElection.offset(DIGEST), c, host, hosts, 2, id -> false)) {
                    count++;
                }
            }
            assertEquals(2, count);
        }
    }

    @Test
    void givenAPeerElectedForAChunk_whenNobodyHoldsIt_thenTheOthersWaitUntilTheFallback() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = waitingForSeederB(chunk);

        Decision wait = s.next();
        assertEquals(new Decision.Wait(java.util.Optional.of(clock.instant().plus(policy.registryFallback()))), wait,
                "the fallback counts from the last progress, the chunks just verified");

        clock.advance(policy.registryFallback());
        Decision.Fetch late = (Decision.Fetch) s.next();
        assertEquals(Source.REGISTRY, late.source());
        assertEquals(Set.of("b"), s.passedOver(), "b never fetched its chunk: a stands in for it from now on");
        assertTrue(s.electedSeeder(late.chunk()));
    }

    @Test
    void givenASeederThatNeverFetches_whenTheFallbackFiresOnce_thenTheNextHostRoundTheRingTakesAllItsChunksAtOnce() {
        List<String> zone = List.of("a", "b", "c");
        int chunks = 12;
        SwarmScheduler s = scheduler("c", chunks);
        s.peersUpdated(List.of(PeerHolding.downloading("a", Distance.ZONE), PeerHolding.downloading("b", Distance.ZONE)));
        clock.advance(policy.settle());
        Set<Integer> fromRegistry = new HashSet<>();
        for (Decision d = s.next(); d instanceof Decision.Fetch f; d = s.next()) {
            fromRegistry.add(f.chunk());
            s.verified(f.chunk(), f.source());
        }
        assertEquals(chunks / 3, fromRegistry.size(), "c's own turns in the ring");

        clock.advance(policy.registryFallback()); // a and b fetch nothing at all
        for (Decision d = s.next(); d instanceof Decision.Fetch f; d = s.next()) {
            fromRegistry.add(f.chunk());
            s.verified(f.chunk(), f.source());
        }

        assertEquals(2, s.passedOver().size(), "b, then a (each the seeder of a chunk c then had to take)");
        assertEquals(chunks, fromRegistry.size(), "every chunk within one fallback, not one fallback per chunk");
        assertEquals(new Decision.Done(), s.next());
    }

    @Test
    void givenTheSwarmMakingProgress_whenWaiting_thenTheFallbackMovesOn() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = waitingForSeederB(chunk);

        clock.advance(policy.registryFallback().minusSeconds(1));
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(chunk == 0 ? 1 : 0))));
        clock.advance(Duration.ofSeconds(2));

        assertNotEquals(new Decision.Fetch(chunk, Source.REGISTRY), s.next(), "b is still seeding");
    }

    @Test
    void givenAPeerServingCorruptBytes_whenReported_thenItIsBannedAndTheChunkGoesElsewhere() {
        SwarmScheduler s = scheduler("a", 1);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.RACK, false, bits(0)),
                new PeerHolding("c", Distance.REGION, true, new BitSet())));
        assertEquals(new Decision.Fetch(0, Source.peer("b")), s.next(), "the zone's peer first");

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
        assertEquals(List.of(0), s.overdue(policy.stall()).stream().map(InFlight::chunk).toList());

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
            if (SeederElection.elected(SeederElection.offset(DIGEST), c, winner,
                    java.util.stream.Stream.of(winner, loser).sorted().toList(), 1, id -> false)) {
                return c;
            }
        }
    }

    @Test
    void givenNoRegistryStreamFree_whenAChunkWouldGoToTheRegistry_thenItWaitsButPeerChunksStillStart() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(1))));
        clock.advance(policy.settle().plus(policy.registryFallback()));

        assertEquals(new Decision.Fetch(1, Source.peer("b")), s.next(false, true), "a peer's chunk needs no registry stream");
        assertInstanceOf(Decision.Wait.class, s.next(false, true), "the registry's chunks wait for a stream");
        assertEquals(Source.REGISTRY, ((Decision.Fetch) s.next(true, true)).source());
    }

    @Test
    void givenNoPeerSlotFree_whenThisHostSeedsAChunk_thenTheRegistryTransferStartsAndPeerChunksWait() {
        SwarmScheduler s = scheduler("a", 3);
        s.peersUpdated(List.of(new PeerHolding("b", Distance.ZONE, false, bits(1))));
        clock.advance(policy.settle().plus(policy.registryFallback()));

        Decision.Fetch first = (Decision.Fetch) s.next(true, false);
        assertEquals(Source.REGISTRY, first.source(), "the registry's chunk needs no peer slot");
        assertNotEquals(1, first.chunk());
        assertInstanceOf(Decision.Wait.class, s.next(false, false), "b's chunk waits for a peer slot");
    }

    @Test
    void givenProgressElsewhereOnTheHost_whenTheFallbackWouldFire_thenTheOthersStillWaitForTheSeeder() {
        int chunk = chunkWhereElected("b", "a");
        SwarmScheduler s = waitingForSeederB(chunk);

        clock.advance(policy.registryFallback().minusSeconds(1));
        s.progressed(clock.instant()); // a transfer of another blob of this host is running
        clock.advance(Duration.ofSeconds(2));

        assertInstanceOf(Decision.Wait.class, s.next(), "b is still seeding, only slower than the fallback");
        clock.advance(policy.registryFallback());
        Decision.Fetch late = (Decision.Fetch) s.next();
        assertEquals(Source.REGISTRY, late.source(), "nothing moved for the whole fallback");
        assertEquals(Set.of("b"), s.passedOver());
    }

    @Test
    void givenASeederThatLeavesTheAnswer_whenElecting_thenOnlyItsChunksChangeHands_andTheOthersShareThem() {
        List<String> hosts = List.of("a", "b", "c", "d");
        int chunks = 40;
        Map<String, SwarmScheduler> schedulers = new HashMap<>();
        for (String host : List.of("a", "c", "d")) {
            SwarmScheduler s = scheduler(host, chunks);
            s.peersUpdated(hosts.stream().filter(h -> !h.equals(host)).map(h -> PeerHolding.downloading(h, Distance.ZONE)).toList());
            s.peersUpdated(hosts.stream().filter(h -> !h.equals(host) && !h.equals("b")) // b is gone (expired, say)
                    .map(h -> PeerHolding.downloading(h, Distance.ZONE)).toList());
            schedulers.put(host, s);
        }
        Map<String, Integer> took = new HashMap<>();
        for (int c = 0; c < chunks; c++) {
            String first = SeederElection.seeder(SeederElection.offset(DIGEST), c, hosts, id -> false);
            int chunk = c;
            List<String> seeders = schedulers.keySet().stream().filter(h -> schedulers.get(h).electedSeeder(chunk)).toList();
            assertEquals(1, seeders.size(), "chunk " + c + ": " + seeders);
            if (first.equals("b")) {
                took.merge(seeders.getFirst(), 1, Integer::sum);
            } else {
                assertEquals(first, seeders.getFirst(), "chunk " + c + " stays with its seeder");
            }
        }
        assertEquals(Set.of("a", "c", "d"), took.keySet(), "b's 10 chunks are shared: " + took);
    }

    /**
     * Host a, of 40 chunks, past the settle with b downloading in its zone, having taken every chunk it may: only
     * {@code chunk}, whose seeder is b, is left, and b has fetched nothing yet.
     */
    private SwarmScheduler waitingForSeederB(int chunk) {
        SwarmScheduler s = scheduler("a", 40);
        s.peersUpdated(List.of(PeerHolding.downloading("b", Distance.ZONE)));
        clock.advance(policy.settle());
        drainAllowed(s, chunk);
        return s;
    }

    /** Takes every chunk the scheduler hands out now, checking that {@code notThis} is not among them. */
    private static void drainAllowed(SwarmScheduler s, int notThis) {
        for (Decision d = s.next(); d instanceof Decision.Fetch f; d = s.next()) {
            assertNotEquals(notThis, f.chunk());
            s.verified(f.chunk(), f.source());
        }
    }
}
