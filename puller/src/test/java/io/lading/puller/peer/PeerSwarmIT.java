package io.lading.puller.peer;

import static io.lading.puller.peer.PeerHosts.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.puller.client.FaultProxy;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import io.lading.spec.peer.Announcement;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end: puller daemons on 127.0.0.x with peers on, a real registry (access control on) and its
 * tracker, and a proxy in front of the registry that records which byte ranges left it. Each test pulls its own
 * model of {@value #CHUNKS} chunks of 1 MiB.
 */
class PeerSwarmIT {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 8;
    private static final int SIZE = CHUNKS * CHUNK - 1000;
    private static final Map<String, String> ZONE = Map.of("zone", "z1");

    private static TestRegistry registry;
    private static FaultProxy proxy;
    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = TestRegistry.start(CHUNK);
        proxy = new FaultProxy(registry.url());
    }

    @AfterAll
    static void stopRegistry() throws IOException {
        proxy.close();
        registry.close();
    }

    /** A model of one {@value #SIZE}-byte shard pushed as repository:prod; returns the shard's digest. */
    private Digest pushModel(RepositoryName repository, long seed) throws IOException {
        Path shards = Files.createDirectories(dir.resolve("model-" + seed));
        Path shard = TestFiles.random(shards, "weights.bin", SIZE, seed);
        new ArtifactPusher(registry.admin(), 2, null).push(repository, Tag.parse("prod"), shards, PushListener.NONE);
        return Digest.sha256Of(Files.readAllBytes(shard));
    }

    /** How often the registry served each chunk of the blob (by its Range), in chunk order. */
    private static Map<Integer, Integer> registryServings(Digest blob) {
        Map<Integer, Integer> count = new TreeMap<>();
        for (FaultProxy.Served s : proxy.served()) {
            if (s.path().startsWith("/v2/") && s.path().endsWith("/blobs/" + blob)) {
                String range = s.range() == null ? "bytes=0-" + (SIZE - 1) : s.range();
                long first = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
                long last = Long.parseLong(range.substring(range.indexOf('-') + 1));
                for (long c = first / CHUNK; c <= last / CHUNK; c++) {
                    count.merge((int) c, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    private static Map<Integer, Integer> eachChunk(int times) {
        Map<Integer, Integer> m = new TreeMap<>();
        IntStream.range(0, CHUNKS).forEach(c -> m.put(c, times));
        return m;
    }

    private void assertHoldsVerified(PeerHosts.Host host, Digest blob, Path original) throws IOException {
        assertEquals(-1, Files.mismatch(original, host.blob(blob)), host.id() + " holds the blob byte for byte");
        assertEquals(blob, Digest.sha256Of(Files.readAllBytes(host.blob(blob))));
    }

    @Test
    void givenThreeHostsInOneZone_whenTheyPullTheSameModel_thenEachChunkLeavesTheRegistryOnce_andAllCachesMatch()
            throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("mesh");
        Digest blob = pushModel(repo, 11);
        Path original = dir.resolve("model-11/weights.bin");
        try (PeerHosts hosts = new PeerHosts(dir, proxy.url())) {
            // Settle longer than the spread of the hosts' first polls (1 s apart at most), so all three stand.
            PeerHosts.Tuning tuning = new PeerHosts.Tuning(20, null, 3);
            List<PeerHosts.Host> three = List.of(hosts.start(1, repo, ZONE, tuning), hosts.start(2, repo, ZONE, tuning),
                    hosts.start(3, repo, ZONE, tuning));

            await("all three hold the blob", 60, () -> three.stream().allMatch(h -> h.holds(blob)));

            assertEquals(eachChunk(1), registryServings(blob), "each chunk left the registry exactly once in total: "
                    + proxy.served().stream().filter(s -> s.path().startsWith("/v2/") && s.path().endsWith(blob.toString()))
                    .map(FaultProxy.Served::range).toList());
            for (PeerHosts.Host h : three) {
                assertHoldsVerified(h, blob, original);
            }
            double fromPeers = 0;
            double fromRegistry = 0;
            for (PeerHosts.Host h : three) {
                fromPeers += h.metric("lading_puller_verified_bytes{source=\"peer\"");
                fromRegistry += h.metric("lading_puller_verified_bytes{source=\"registry\"");
            }
            assertEquals(SIZE, fromRegistry, "/metrics: the registry's bytes, summed over the hosts");
            assertEquals(2.0 * SIZE, fromPeers, "/metrics: every other byte came from a peer");
            double served = 0;
            for (PeerHosts.Host h : three) {
                served += h.metric("lading_peer_served_bytes_total");
            }
            assertEquals(2.0 * SIZE, served, "what the hosts took from peers, the peer servers served");
        }
    }

    @Test
    void givenAPeerServingACorruptChunk_whenAHostPulls_thenThePeerIsBanned_andTheChunkComesFromTheRegistry()
            throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("corrupt");
        Digest blob = pushModel(repo, 12);
        Path original = dir.resolve("model-12/weights.bin");
        try (PeerHosts hosts = new PeerHosts(dir, proxy.url())) {
            PeerHosts.Tuning tuning = new PeerHosts.Tuning(20, null, 0);
            PeerHosts.Host bad = hosts.start(4, repo, ZONE, tuning);
            await("host-4 holds the blob", 60, () -> bad.holds(blob));
            flipByte(bad.blob(blob), 2L * CHUNK + 10); // bit rot on host-4's disk, inside chunk 2

            PeerHosts.Host host = hosts.start(5, repo, ZONE, tuning);
            await("host-5 holds the blob", 60, () -> host.holds(blob));

            assertHoldsVerified(host, blob, original);
            assertEquals(1.0, host.metric("lading_peer_bans_total"));
            var bans = host.status().path("peers").path("bans");
            assertEquals(1, bans.size(), "/status lists the ban: " + bans);
            assertEquals("host-4", bans.get(0).path("peer").asText());
            assertEquals(blob.toString(), bans.get(0).path("blob").asText());
            assertEquals(1.0, host.metric("lading_puller_verify_failures"), "the corrupt chunk was caught, once");
            // Banned, host-4 serves host-5 nothing more of this blob: what host-5 had not yet taken from it, the
            // corrupt chunk among them, comes from the registry (host-5 is then the zone's only seeder).
            Map<Integer, Integer> servings = registryServings(blob);
            assertEquals(2, servings.get(2), "the corrupt chunk came from the registry after the ban: " + servings);
            long again = servings.values().stream().mapToInt(n -> n - 1).sum();
            double fromRegistry = host.metric("lading_puller_verified_bytes{source=\"registry\"");
            double fromPeer = host.metric("lading_puller_verified_bytes{source=\"peer\"");
            assertEquals(again * CHUNK, fromRegistry, 1000, "host-5's registry bytes are the chunks fetched again");
            assertEquals(SIZE + CHUNK, fromPeer + fromRegistry, 1000,
                    "host-5 received the blob once plus the corrupt chunk it threw away");
        }
    }

    @Test
    void givenAStalledPeer_whenAHostPulls_thenItsChunksGoToAnotherPeer() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("stall");
        Digest blob = pushModel(repo, 13);
        Path original = dir.resolve("model-13/weights.bin");
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (PeerHosts hosts = new PeerHosts(dir, proxy.url());
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.50"))) {
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepts, reads nothing, answers nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            PeerHosts.Host good = hosts.start(6, repo, ZONE, new PeerHosts.Tuning(20, null, 0));
            await("host-6 holds the blob", 60, () -> good.holds(blob));
            // A peer in host-7's own rack (so asked first) that claims the whole blob and never sends a byte.
            var tracker = registry.admin().peerTracker();
            PeerId stuck = PeerId.parse("stuck-7");
            tracker.join(stuck, "http://127.0.0.50:" + silent.getLocalPort(), new PeerLabels(null, "z1", "r7"));
            tracker.announce(stuck, repo, List.of(Announcement.Entry.held(blob.toString(), SIZE, null, true)));

            long start = System.nanoTime();
            PeerHosts.Host host = hosts.start(7, repo, Map.of("zone", "z1", "rack", "r7"),
                    new PeerHosts.Tuning(20, 1, 0));
            await("host-7 holds the blob", 60, () -> host.holds(blob));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertHoldsVerified(host, blob, original);
            assertTrue(!held.isEmpty(), "host-7 did ask the stalled peer first");
            assertEquals(eachChunk(1), registryServings(blob), "the stalled peer's chunks came from host-6, not the registry");
            assertEquals((double) SIZE, host.metric("lading_puller_verified_bytes{source=\"peer\""));
            assertTrue(seconds < 15, "done in " + seconds + " s: the stall cost about a second, not the 20 s fallback");
            tracker.leave(stuck);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void givenAZonePeerThatNeverFetches_whenAHostPulls_thenTheChunksItWasElectedForComeFromTheRegistryAfterTheFallback()
            throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("fallback");
        Digest blob = pushModel(repo, 14);
        Path original = dir.resolve("model-14/weights.bin");
        // A downloader in the zone that is given some of the chunks to seed, and then does nothing at all.
        var tracker = registry.admin().peerTracker();
        PeerId ghost = PeerId.parse("ghost-8");
        // A ring of two (spec/peers.md, Scheduling): whatever the version's offset, the ghost is given every other
        // chunk, CHUNKS / 2 of them, and never fetches them.
        int ghostsChunks = CHUNKS / 2;
        tracker.join(ghost, "http://127.0.0.51:9", new PeerLabels(null, "z1", null));
        tracker.announce(ghost, repo, List.of(Announcement.Entry.held(blob.toString(), SIZE, null, false)));
        try (PeerHosts hosts = new PeerHosts(dir, proxy.url())) {
            long start = System.nanoTime();
            PeerHosts.Host host = hosts.start(8, repo, ZONE, new PeerHosts.Tuning(3, null, 0));
            await("host-8 holds the blob", 60, () -> host.holds(blob));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertHoldsVerified(host, blob, original);
            assertEquals(eachChunk(1), registryServings(blob));
            assertTrue(seconds >= 3, "the ghost's " + ghostsChunks + " chunks waited for the 3 s fallback; took " + seconds + " s");
            assertTrue(seconds < 15, "and no longer than it: " + seconds + " s");
        } finally {
            tracker.leave(ghost);
        }
    }

    @Test
    void givenTheTrackerForgetsAHost_whenItHeartbeatsNext_thenItAnnouncesWhatItHoldsAgain_andLeavesWhenStopped() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("fresh");
        Digest blob = pushModel(repo, 15);
        var tracker = registry.admin().peerTracker();
        PeerId observer = PeerId.parse("observer-10");
        try (PeerHosts hosts = new PeerHosts(dir, proxy.url())) {
            PeerHosts.Host host = hosts.start(10, repo, ZONE, new PeerHosts.Tuning(20, null, 0));
            await("host-10 holds the blob", 60, () -> host.holds(blob));
            await("the tracker lists host-10 as complete", 30, () -> listsComplete(tracker, blob, repo, observer));

            tracker.leave(PeerId.parse("host-10")); // as an expiry, or a tracker that lost its state, would
            assertTrue(!listsComplete(tracker, blob, repo, observer));

            // The next heartbeat is answered "fresh", and the host announces its blobs again.
            await("host-10 is listed again", 30, () -> listsComplete(tracker, blob, repo, observer));
        }
        assertTrue(tracker.holders(blob, repo, observer).peers().isEmpty(), "a daemon that stops leaves the tracker");
    }

    private static boolean listsComplete(io.lading.puller.client.PeerTracker tracker, Digest blob, RepositoryName repo,
                                         PeerId asker) {
        try {
            return tracker.holders(blob, repo, asker).peers().stream()
                    .anyMatch(p -> p.id().equals("host-10") && p.complete());
        } catch (IOException e) {
            return false;
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        var permissions = Files.getPosixFilePermissions(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x40);
        }
        Files.setPosixFilePermissions(file, permissions);
    }
}
