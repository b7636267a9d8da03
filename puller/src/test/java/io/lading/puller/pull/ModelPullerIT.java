package io.lading.puller.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RegistryException;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.puller.client.push.PushResult;
import io.lading.puller.fetch.BlobSource;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.FetchSettings;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulling model versions from a real registry into a real cache: verified, deduplicated, and proof against bad bytes. */
class ModelPullerIT {
    private static final int CHUNK = 1 << 20;
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(CHUNK);
    @TempDir
    Path dir;

    private PushResult push(RepositoryName repo, String tag, Path shards) throws IOException {
        return new ArtifactPusher(registry.admin(), 2, null).push(repo, Tag.parse(tag), shards, PushListener.NONE);
    }

    private Path shards(String name, int... seeds) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < seeds.length; i++) {
            TestFiles.random(d, "model-" + i + ".safetensors", 3 * CHUNK + 1234 * i, seeds[i]);
        }
        return d;
    }

    @Test
    void aPulledVersionIsByteIdenticalInTheCache_andANewVersionWithOneShardChangedMovesOnlyThatShard() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("pull");
        PushResult v1 = push(repo, "v1", shards("v1", 1, 2, 3, 4));
        PushResult v2 = push(repo, "v2", shards("v2", 1, 2, 99, 4));
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        RegistryClient client = registry.admin();
        ModelPuller puller = new ModelPuller(client, cache, new FetchEngine(cache, FetchSettings.defaults()));

        PulledVersion first = puller.pull(repo, Tag.parse("v1"), "test", PullListener.NONE);
        assertEquals(v1.manifestDigest(), first.digest());
        assertEquals(first.totalBytes(), first.bytesFetched(), "an empty cache fetches everything");
        for (var layer : v1.layers()) {
            Path cached = cache.find(layer.digest()).orElseThrow();
            assertArrayEquals(Files.readAllBytes(dir.resolve("v1").resolve(layer.title())), Files.readAllBytes(cached), layer.title());
        }
        assertTrue(cache.find(first.digest()).isPresent(), "the manifest is cached last, once the version is complete");

        PulledVersion second = puller.pull(repo, Tag.parse("v2"), "test", PullListener.NONE);
        var changed = v2.layers().stream().filter(l -> v1.layers().stream().noneMatch(o -> o.digest().equals(l.digest()))).toList();
        assertEquals(1, changed.size(), "only shard 2 differs between the versions");
        boolean configChanged = !second.manifest().config().digest().equals(first.manifest().config().digest());
        long expected = changed.get(0).size() + (configChanged ? second.manifest().config().size() : 0);
        assertEquals(expected, second.bytesFetched(), "the changed shard" + (configChanged ? " and the new config" : "") + " and nothing else");
        assertEquals(second.totalBytes() - second.bytesFetched(), second.bytesCached());
    }

    @Test
    void aRangeTheRegistryCorruptsIsCaughtAndFetchedAgain_andOnlyGoodBytesEnterTheCache() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("corrupt");
        PushResult v1 = push(repo, "v1", shards("c", 7));
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        RegistryClient client = registry.admin();
        FetchEngine engine = new FetchEngine(cache, FetchSettings.defaults().withParallelism(1));
        AtomicInteger corrupted = new AtomicInteger();
        ModelPuller puller = new ModelPuller(client, cache, engine,
                r -> List.of(new FlipsOneByteOnce(client.blobSource(r), corrupted)), 1);

        puller.pull(repo, Tag.parse("v1"), "test", PullListener.NONE);
        assertEquals(1, corrupted.get(), "the registry's answer was corrupted once");
        assertEquals(1, engine.stats().snapshot().verifyFailures(), "and the chunk index caught it");
        Digest shard = v1.layers().get(0).digest();
        assertArrayEquals(Files.readAllBytes(dir.resolve("c").resolve("model-0.safetensors")),
                Files.readAllBytes(cache.find(shard).orElseThrow()));
    }

    @Test
    void anUnknownTagIsAClearErrorAndCachesNothing() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("missing");
        push(repo, "v1", shards("m", 5));
        BlobCache cache = new BlobCache(new CacheLayout(dir.resolve("cache")), Long.MAX_VALUE);
        ModelPuller puller = new ModelPuller(registry.admin(), cache, new FetchEngine(cache, FetchSettings.defaults()));
        RegistryException e = assertThrows(RegistryException.class, () -> puller.pull(repo, Tag.parse("nope"), "test", PullListener.NONE));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("MANIFEST_UNKNOWN"), e.getMessage());
        assertTrue(cache.list().isEmpty());
    }

    /** The registry as a source, except that the first range it serves has one byte flipped on the way. */
    private record FlipsOneByteOnce(BlobSource inner, AtomicInteger corrupted) implements BlobSource {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) throws IOException {
            InputStream in = inner.open(digest, offset, length);
            if (!corrupted.compareAndSet(0, 1)) {
                return in;
            }
            return new FilterInputStream(in) {
                private boolean flipped;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0 && !flipped) {
                        b[off] ^= 0x01;
                        flipped = true;
                    }
                    return n;
                }
            };
        }
    }
}
