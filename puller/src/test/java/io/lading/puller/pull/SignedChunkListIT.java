package io.lading.puller.pull;

import io.lading.spec.chunk.ChunkListDigest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.puller.client.push.PushResult;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.FetchSettings;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The chunk list digest lading push signs into each layer, and what a pull does with it (spec/chunk-index.md). */
class SignedChunkListIT {
    private static final int CHUNK = 1 << 20;
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(CHUNK);
    @TempDir
    Path dir;

    /** Rejections a pull reported. */
    private record Rejection(Digest blob, String source, String reason) {
    }

    private Path shards(String name, int... seeds) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < seeds.length; i++) {
            TestFiles.random(d, "model-" + i + ".safetensors", 3 * CHUNK + 4321 * i, seeds[i]);
        }
        return d;
    }

    private PushResult push(RepositoryName repo, Path shards, long chunkSize) throws Exception {
        return new ArtifactPusher(registry.admin(), 2, null, chunkSize).push(repo, Tag.parse("v1"), shards, PushListener.NONE);
    }

    private static PullListener recording(List<Rejection> into) {
        return new PullListener() {
            @Override
            public void rejected(Digest blob, String source, String reason) {
                into.add(new Rejection(blob, source, reason));
            }
        };
    }

    @Test
    void givenAPushForTheRegistrysChunkSize_whenTheManifestIsRead_thenEachLayerCarriesTheChunkListOfTheRegistrysIndex() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("signedlist");
        push(repo, shards("s", 1, 2), CHUNK);

        var manifest = registry.admin().manifest(repo, Tag.parse("v1")).manifest();

        for (Descriptor layer : manifest.layers()) {
            var signed = ChunkListDigest.from(layer).orElseThrow(() -> new AssertionError("no chunk list on " + layer.digest()));
            assertEquals(ChunkListDigest.of(registry.admin().chunkIndex(repo, layer.parsedDigest())), signed);
            assertEquals(CHUNK, signed.chunkSize());
        }
    }

    @Test
    void givenAChunkIndexTamperedInTransit_whenPulled_thenTheIndexIsRefusedReportedAndTheBytesAreStillRight() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("tampered");
        PushResult pushed = push(repo, shards("t", 3, 4), CHUNK);
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        FetchEngine engine = new FetchEngine(cache, FetchSettings.defaults());
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        try (var proxy = new ChunkIndexTamperingProxy(registry.url())) {
            var client = new RegistryClient(proxy.url(), TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD);
            new ModelPuller(client, cache, engine).pull(repo, Tag.parse("v1"), "test", recording(rejections));

            assertEquals(2, proxy.tampered(), "both shards' indexes were altered on the way");
        }
        assertEquals(pushed.layers().stream().map(l -> l.digest()).sorted().toList(),
                rejections.stream().map(Rejection::blob).sorted().toList(), "each tampered index was refused");
        assertTrue(rejections.stream().allMatch(r -> r.source().equals(ModelPuller.CHUNK_INDEX_SOURCE)
                && r.reason().contains("chunk list")), rejections::toString);
        assertEquals(0, engine.stats().snapshot().verifyFailures(), "no chunk was checked against the forged index");
        for (var layer : pushed.layers()) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("t").resolve(layer.title())),
                    Files.readAllBytes(cache.find(layer.digest()).orElseThrow()), layer.title());
        }
    }

    @Test
    void givenAnUntamperedIndex_whenPulled_thenNothingIsRefused() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("clean");
        push(repo, shards("c", 5), CHUNK);
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        List<Rejection> rejections = new CopyOnWriteArrayList<>();

        new ModelPuller(registry.admin(), cache, new FetchEngine(cache, FetchSettings.defaults()))
                .pull(repo, Tag.parse("v1"), "test", recording(rejections));

        assertEquals(List.of(), rejections);
    }

    @Test
    void givenAChunkListForAnotherChunkSize_whenTheIndexIsTampered_thenTheRegistrysIndexIsUsedAsBefore() throws Exception {
        // given: pushed with the 64 MiB default while this registry cuts 1 MiB chunks, so the annotation does not apply
        RepositoryName repo = TestFiles.uniqueRepository("othersize");
        PushResult pushed = push(repo, shards("o", 6), 64L << 20);
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        FetchEngine engine = new FetchEngine(cache, FetchSettings.defaults().withParallelism(1));
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        try (var proxy = new ChunkIndexTamperingProxy(registry.url())) {
            var client = new RegistryClient(proxy.url(), TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD);
            // when: registry bytes are checked by the whole digest first, and the chunk index consulted only when
            // that fails, so a forged index cannot keep good bytes out
            new ModelPuller(client, cache, engine).pull(repo, Tag.parse("v1"), "test", recording(rejections));
        }
        // then: the index was not refused up front, and no chunk was checked against it
        assertTrue(rejections.stream().noneMatch(r -> r.source().equals(ModelPuller.CHUNK_INDEX_SOURCE)), rejections::toString);
        assertEquals(0, engine.stats().snapshot().verifyFailures());
        for (var layer : pushed.layers()) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("o").resolve(layer.title())),
                    Files.readAllBytes(cache.find(layer.digest()).orElseThrow()), layer.title());
        }
    }

    @Test
    void givenARegistryWhoseIndexDisagreesWithTheFiles_whenPushed_thenThePushFailsAndNoTagIsPublished() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("pushcheck");
        Path files = shards("p", 8);
        try (var proxy = new ChunkIndexTamperingProxy(registry.url())) {
            var client = new RegistryClient(proxy.url(), TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD);

            var e = assertThrows(java.io.IOException.class, () -> new ArtifactPusher(client, 2, null, CHUNK)
                    .push(repo, Tag.parse("v1"), files, PushListener.NONE));

            assertTrue(e.getMessage().contains("does not match the file's chunks"), e.getMessage());
        }
        var missing = assertThrows(io.lading.puller.client.RegistryException.class,
                () -> registry.admin().manifest(repo, Tag.parse("v1")));
        assertEquals(404, missing.status());
    }
}
