package io.lading.puller.client.push;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackManifestTest {
    @TempDir
    Path dir;

    @Test
    void givenShards_whenHashedAndDescribed_thenDigestsAreOfTheFilesAndTheManifestIsAModelPackArtifact() throws Exception {
        Files.write(dir.resolve("b.safetensors"), new byte[3_000_000]);
        Files.writeString(dir.resolve("a.json"), "{}");
        Files.createDirectories(dir.resolve("nested"));
        List<ShardFile> shards = ModelDirectory.files(dir).stream().map(f -> {
            try {
                return ModelDirectory.hash(f, n -> { });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();

        ModelPackManifest artifact = ModelPackManifest.of(shards);

        assertEquals(List.of("a.json", "b.safetensors"), shards.stream().map(ShardFile::title).toList());
        assertEquals(Digest.sha256Of(new byte[3_000_000]), shards.get(1).digest());
        Manifest m = Manifest.parse(artifact.manifest(), MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.MODEL_ARTIFACT, m.artifactType());
        assertEquals(artifact.configDigest().toString(), m.config().digest());
        assertEquals(Digest.sha256Of(artifact.manifest()), artifact.manifestDigest());
        JsonNode config = new ObjectMapper().readTree(artifact.config());
        assertEquals("layers", config.path("modelfs").path("type").asText());
        assertEquals(shards.get(0).digest().toString(), config.path("modelfs").path("diffIds").get(0).asText());
    }

    @Test
    void givenTheSameShards_whenDescribedTwice_thenTheBytesAreIdentical() {
        ShardFile shard = new ShardFile(dir.resolve("w"), "w", 1, Digest.sha256Of(new byte[1]), MediaTypes.MODEL_WEIGHT_RAW, null);

        assertArrayEquals(ModelPackManifest.of(List.of(shard)).manifest(), ModelPackManifest.of(List.of(shard)).manifest());
    }

    @Test
    void givenEmptyDirectory_whenListed_thenClearError() {
        Exception e = assertThrows(java.io.IOException.class, () -> ModelDirectory.files(dir));
        assertTrue(e.getMessage().endsWith("holds no regular files to push"), e.getMessage());
    }
}
