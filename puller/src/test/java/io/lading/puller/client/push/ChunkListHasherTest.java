package io.lading.puller.client.push;

import io.lading.spec.chunk.ChunkListDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkListHasherTest {
    @TempDir
    Path dir;

    /** The chunk index of {@code content}, cut independently of the hasher: one array copy per chunk. */
    private static ChunkIndex indexOf(byte[] content, int chunkSize) {
        List<Digest> chunks = new ArrayList<>();
        for (int off = 0; off < content.length; off += chunkSize) {
            chunks.add(Digest.sha256Of(Arrays.copyOfRange(content, off, Math.min(content.length, off + chunkSize))));
        }
        return new ChunkIndex(Digest.sha256Of(content), content.length, chunkSize, chunks);
    }

    @Test
    void givenChunksThatStraddleTheReadBuffer_whenAFileIsHashed_thenTheChunkListMatchesTheIndexCutSeparately() throws Exception {
        byte[] content = new byte[3 * 1_000_003 + 17]; // chunks of an odd size never line up with 1 MiB reads
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("w.bin"), content);

        ShardFile shard = ModelDirectory.hash(file, 1_000_003, n -> { });

        assertEquals(ChunkListDigest.of(indexOf(content, 1_000_003)), shard.chunkList());
        assertEquals(4, indexOf(content, 1_000_003).chunks().size());
        assertEquals(Digest.sha256Of(content), shard.digest());
    }

    @Test
    void givenAnEmptyFile_whenHashed_thenTheChunkListIsTheDigestOfNothing() throws Exception {
        Path file = Files.write(dir.resolve("empty"), new byte[0]);

        ShardFile shard = ModelDirectory.hash(file, 1 << 20, n -> { });

        assertEquals(Digest.sha256Of(new byte[0]), shard.chunkList().digest());
    }

    @Test
    void givenOneChunkDigestChanged_whenTheListIsDigested_thenTheDigestDiffers() {
        byte[] content = new byte[5000];
        new Random(3).nextBytes(content);
        ChunkIndex good = indexOf(content, 1024);
        List<Digest> swapped = new ArrayList<>(good.chunks());
        swapped.set(0, good.chunks().get(1));

        ChunkListDigest tampered = ChunkListDigest.of(new ChunkIndex(good.digest(), good.size(), good.chunkSize(), swapped));

        assertNotEquals(ChunkListDigest.of(good), tampered);
    }

    @Test
    void givenALayerAnnotatedAtPush_whenRead_thenTheSameDigestAndSizeComeBack() throws Exception {
        Path file = Files.write(dir.resolve("a.safetensors"), new byte[2_500_000]);
        ShardFile shard = ModelDirectory.hash(file, 1 << 20, n -> { });
        var manifest = io.lading.spec.manifest.Manifest.parse(ModelPackManifest.of(List.of(shard)).manifest(),
                io.lading.spec.manifest.MediaTypes.OCI_MANIFEST);

        assertEquals(shard.chunkList(), ChunkListDigest.from(manifest.layers().get(0)).orElseThrow());
        assertEquals(Long.toString(1 << 20), manifest.layers().get(0).annotations().get(ChunkListDigest.SIZE_ANNOTATION));
    }
}
