package io.lading.puller.cache;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private CacheLayout layout() {
        return new CacheLayout(dir.resolve("cache"));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Digest store(BlobCache cache, byte[] content) throws Exception {
        Digest d = Digest.sha256Of(content);
        cache.put(d, new ByteArrayInputStream(content));
        return d;
    }

    private Set<Digest> cached(BlobCache cache) throws Exception {
        return cache.list().stream().map(CachedBlob::digest).collect(Collectors.toSet());
    }

    /** Builds models/org/model/versions/<hex>/ as activation does: hard links, .lading/manifest.json, a link to it. */
    private Path activate(BlobCache cache, String link, Digest config, Digest... layers) throws Exception {
        StringBuilder layerJson = new StringBuilder();
        for (Digest l : layers) {
            layerJson.append(layerJson.isEmpty() ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.MODEL_WEIGHT_RAW)
                    .append("\",\"digest\":\"").append(l).append("\",\"size\":").append(Files.size(layout().blob(l)))
                    .append('}');
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaTypes.MODEL_CONFIG + "\",\"digest\":\"" + config + "\",\"size\":"
                + Files.size(layout().blob(config)) + "},\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = store(cache, manifest);
        Path model = layout().models().resolve("org/model");
        Path version = model.resolve("versions").resolve(manifestDigest.hex());
        Files.createDirectories(version.resolve(".lading"));
        Files.createLink(version.resolve(".lading/manifest.json"), layout().blob(manifestDigest));
        for (int i = 0; i < layers.length; i++) {
            Files.createLink(version.resolve("shard-" + i + ".safetensors"), layout().blob(layers[i]));
        }
        Files.createSymbolicLink(model.resolve(link), model.relativize(version));
        return version;
    }

    @Test
    void givenABlob_whenPut_thenFindReturnsItReadOnlyUnderItsDigest() throws Exception {
        BlobCache cache = new BlobCache(layout(), 10 * MIB);
        byte[] content = bytes(1000, 1);

        Digest d = store(cache, content);

        Path found = cache.find(d).orElseThrow();
        assertEquals(layout().blob(d), found);
        assertArrayEquals(content, Files.readAllBytes(found));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(found)));
        assertTrue(cache.find(Digest.sha256Of(new byte[] {1})).isEmpty());
    }

    @Test
    void givenBytesThatHashToAnotherDigest_whenPut_thenDigestMismatchAndNothingIsStored() throws Exception {
        BlobCache cache = new BlobCache(layout(), 10 * MIB);
        Digest claimed = Digest.sha256Of("claimed".getBytes(StandardCharsets.UTF_8));

        DigestMismatch e = assertThrows(DigestMismatch.class,
                () -> cache.put(claimed, new ByteArrayInputStream("served".getBytes(StandardCharsets.UTF_8))));

        assertEquals(Digest.sha256Of("served".getBytes(StandardCharsets.UTF_8)), e.actual());
        assertFalse(Files.exists(layout().blob(claimed)));
        try (Stream<Path> staged = Files.list(layout().tmp())) {
            assertEquals(0, staged.count(), "the staged file is removed");
        }
    }

    @Test
    void givenACachedBlob_whenAdmittingTheSameDigestAgain_thenItSucceedsAndKeepsTheExistingFile() throws Exception {
        BlobCache cache = new BlobCache(layout(), 10 * MIB);
        byte[] content = bytes(500, 2);
        Digest d = store(cache, content);
        Object inode = Files.getAttribute(layout().blob(d), "unix:ino");
        Path again = Files.write(dir.resolve("again"), content);

        Path admitted = cache.admit(d, again);

        assertEquals(layout().blob(d), admitted);
        assertEquals(inode, Files.getAttribute(admitted, "unix:ino"), "version links keep pointing at the same bytes");
        assertFalse(Files.exists(again));
    }

    @Test
    void givenFourBlobsAndAnExplicitPin_whenMakingRoom_thenTheLeastRecentlyUsedUnpinnedBlobsGoFirst()
            throws Exception {
        BlobCache cache = new BlobCache(layout(), 4 * MIB);
        Digest a = store(cache, bytes(MIB, 10));
        Digest b = store(cache, bytes(MIB, 11));
        Digest c = store(cache, bytes(MIB, 12));
        Digest d = store(cache, bytes(MIB, 13));
        cache.find(a); // a is now the most recently used
        cache.pin("prefetch org/model@v2", List.of(b));

        Freed freed = cache.ensureRoom(2 * MIB);

        assertEquals(new Freed(2, 2L * MIB), freed);
        assertEquals(Set.of(a, b), cached(cache), "c and d were least recently used; b, older still, is pinned");
        cache.ensureRoom(MIB);
        assertEquals(Set.of(a, b), cached(cache), "room enough: nothing more is evicted");
        cache.ensureRoom(3 * MIB);
        assertEquals(Set.of(b), cached(cache));
    }

    @Test
    void givenPinnedDataBeyondTheBudget_whenMakingRoom_thenCacheFullNamesPinnedAndBudgetAndEvictsNothing()
            throws Exception {
        BlobCache cache = new BlobCache(layout(), 3 * MIB);
        Digest config = store(cache, bytes(100, 20));
        Digest shard = store(cache, bytes(2 * MIB, 21));
        Digest spare = store(cache, bytes(MIB / 2, 22));
        Path version = activate(cache, "current", config, shard);

        CacheFull e = assertThrows(CacheFull.class, () -> cache.ensureRoom(2 * MIB));

        assertTrue(e.getMessage().startsWith("cache budget of " + 3 * MIB + " bytes cannot fit " + 2 * MIB + " more"),
                e.getMessage());
        long pinned = 2 * MIB + 100 + Files.size(version.resolve(".lading/manifest.json"));
        assertTrue(e.getMessage().contains("of which " + pinned + " are pinned"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(cached(cache).contains(spare), "nothing is evicted when eviction cannot make enough room");
        assertEquals(-1, Files.mismatch(layout().blob(shard), version.resolve("shard-0.safetensors")));
    }

    @Test
    void givenCurrentAndPreviousVersions_whenCollecting_thenTheirManifestConfigAndLayersStay() throws Exception {
        BlobCache cache = new BlobCache(layout(), 100 * MIB);
        Digest config = store(cache, bytes(100, 30));
        Digest shard = store(cache, bytes(MIB, 31));
        Digest oldShard = store(cache, bytes(MIB, 32));
        Digest orphan = store(cache, bytes(MIB, 33));
        Path current = activate(cache, "current", config, shard);
        Path previous = activate(cache, "previous", config, oldShard);
        Digest currentManifest = Digest.parse("sha256:" + current.getFileName());
        Digest previousManifest = Digest.parse("sha256:" + previous.getFileName());

        Freed freed = cache.gc();

        assertEquals(new Freed(1, MIB), freed);
        assertEquals(Set.of(config, shard, oldShard, currentManifest, previousManifest), cached(cache));
        assertFalse(cached(cache).contains(orphan));
    }

    @Test
    void givenABlobLinkedOnlyByAnInactiveVersion_whenCollecting_thenItStaysBecauseUnlinkingWouldFreeNothing()
            throws Exception {
        BlobCache cache = new BlobCache(layout(), 100 * MIB);
        Digest shard = store(cache, bytes(MIB, 40));
        Path inactive = Files.createDirectories(layout().models().resolve("org/model/versions/abc"));
        Files.createLink(inactive.resolve("shard"), layout().blob(shard));

        assertEquals(new Freed(0, 0), cache.gc());

        CacheUsage usage = cache.usage();
        assertEquals(MIB, usage.usedBytes(), "a linked blob is counted once");
        assertEquals(MIB, usage.linkedBytes());
        assertEquals(0, usage.evictableBytes());
        Files.delete(inactive.resolve("shard"));
        assertEquals(new Freed(1, MIB), cache.gc());
    }

    @Test
    void givenPinsAndUses_whenTheCacheRestarts_thenBothAreKept() throws Exception {
        BlobCache before = new BlobCache(layout(), 3 * MIB);
        Digest a = store(before, bytes(MIB, 50));
        Digest b = store(before, bytes(MIB, 51));
        Digest c = store(before, bytes(MIB, 52));
        before.pin("prefetch org/model@sha256:1/2", List.of(a));
        before.find(b);

        BlobCache after = new BlobCache(layout(), 3 * MIB);
        after.ensureRoom(MIB);

        assertEquals(Set.of(a, b), cached(after), "c was used least recently; a is pinned");
        after.unpin("prefetch org/model@sha256:1/2");
        assertEquals(new Freed(2, 2L * MIB), after.gc());
    }

    @Test
    void givenARoomReservedForADownload_whenAnotherReserves_thenTheBudgetCountsBothUntilClosed() throws Exception {
        BlobCache cache = new BlobCache(layout(), 4 * MIB);
        Digest old = store(cache, bytes(MIB, 60));

        try (BlobCache.Reservation first = cache.reserve(3 * MIB)) {
            assertEquals(3L * MIB, cache.usage().reservedBytes());
            BlobCache.Reservation second = cache.reserve(MIB);
            assertFalse(cached(cache).contains(old), "the second reservation evicted the old blob");
            CacheFull e = assertThrows(CacheFull.class, () -> cache.reserve(MIB));
            assertTrue(e.getMessage().contains(4 * MIB + " are reserved for downloads in progress"), e.getMessage());
            second.close();
        }

        assertEquals(0, cache.usage().reservedBytes());
        cache.reserve(4 * MIB).close();
    }

    @Test
    void givenAPartialDownloadLeftBehindByACrashAfterAdmission_whenCollecting_thenItIsRemoved() throws Exception {
        BlobCache cache = new BlobCache(layout(), 10 * MIB);
        Digest cachedBlob = store(cache, bytes(1000, 70));
        cache.pin("prefetch", List.of(cachedBlob));
        Path leftover = Files.createDirectories(layout().partial(cachedBlob));
        Files.write(leftover.resolve("verified"), new byte[8]);
        Path ongoing = Files.createDirectories(layout().partial(Digest.sha256Of(new byte[] {7})));

        Freed freed = cache.gc();

        assertEquals(new Freed(0, 8), freed);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(ongoing), "a download whose blob is not cached yet is kept for its resume");
        assertEquals(Set.of(cachedBlob), cached(cache));
    }
}
