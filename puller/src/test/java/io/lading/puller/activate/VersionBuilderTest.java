package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionBuilderTest {
    private static final RepositoryName MODEL = RepositoryName.parse("team/llama");

    @TempDir
    Path root;
    CacheFixture cache;
    VersionBuilder builder;

    @BeforeEach
    void setUp() {
        cache = new CacheFixture(root);
        builder = new VersionBuilder(cache.layout);
    }

    @Test
    void givenBlobsInCache_whenBuilt_thenEachLayerIsAHardLinkNamedByItsTitle() throws IOException {
        CacheFixture.Layer a = cache.layer("model-00001.safetensors", "weights one");
        CacheFixture.Layer b = cache.layer("tokenizer.json", "{\"vocab\":{}}");
        Digest manifest = cache.manifest(List.of(a, b));

        Path dir = builder.build(MODEL, manifest);

        assertEquals(cache.versionDir("team/llama", manifest), dir);
        assertEquals(List.of(".lading", "model-00001.safetensors", "tokenizer.json"), names(dir));
        assertEquals(List.of("config.json", "manifest.json"), names(dir.resolve(".lading")));
        assertSameFile(cache.layout.blob(a.digest()), dir.resolve("model-00001.safetensors"));
        assertSameFile(cache.layout.blob(b.digest()), dir.resolve("tokenizer.json"));
        assertSameFile(cache.layout.blob(manifest), dir.resolve(".lading/manifest.json"));
        assertEquals(2, nlink(dir.resolve("tokenizer.json")), "the blob plus this version's link, no copy");
        assertEquals("weights one", Files.readString(dir.resolve("model-00001.safetensors")));
    }

    @Test
    void givenALayerWithoutTitle_whenBuilt_thenItIsNamedByItsDigestHex() throws IOException {
        CacheFixture.Layer untitled = cache.layer(null, "anonymous shard");
        Path dir = builder.build(MODEL, cache.manifest(List.of(untitled)));
        assertSameFile(cache.layout.blob(untitled.digest()), dir.resolve(untitled.digest().hex()));
    }

    @Test
    void givenTwoVersionsSharingALayer_whenBuilt_thenTheSharedBlobHasOneMoreLink() throws IOException {
        CacheFixture.Layer shared = cache.layer("shared.bin", "same bytes");
        Digest v1 = cache.manifest(List.of(shared));
        Digest v2 = cache.manifest(List.of(shared, cache.layer("extra.bin", "new")));
        builder.build(MODEL, v1);
        builder.build(MODEL, v2);
        assertEquals(3, nlink(cache.layout.blob(shared.digest())));
    }

    @Test
    void givenACompleteVersion_whenBuiltAgain_thenItIsLeftAsIs() throws IOException {
        Digest manifest = cache.version("a", "b");
        Path dir = builder.build(MODEL, manifest);
        Object inode = Files.getAttribute(dir, "unix:ino");
        builder.build(MODEL, manifest);
        assertEquals(inode, Files.getAttribute(dir, "unix:ino"));
    }

    @Test
    void givenAVersionThatLostAFile_whenBuiltAgain_thenItIsComplete() throws IOException {
        Digest manifest = cache.version("a", "b");
        Path dir = builder.build(MODEL, manifest);
        Files.delete(dir.resolve("shard-1.safetensors"));
        builder.build(MODEL, manifest);
        assertEquals("b", Files.readString(dir.resolve("shard-1.safetensors")));
    }

    @Test
    void givenMissingBlobs_whenBuilt_thenTheErrorNamesThemAndNothingIsBuilt() throws IOException {
        CacheFixture.Layer kept = cache.layer("kept.bin", "kept");
        CacheFixture.Layer lost = cache.layer("lost.bin", "lost");
        Digest manifest = cache.manifest(List.of(kept, lost));
        Files.delete(cache.layout.blob(lost.digest()));

        ActivationFailure.MissingBlobs e = assertThrows(ActivationFailure.MissingBlobs.class, () -> builder.build(MODEL, manifest));

        assertEquals(List.of(lost.digest()), e.missing());
        assertTrue(e.getMessage().contains(lost.digest().toString()), e.getMessage());
        assertFalse(Files.exists(root.resolve("models")), "a refused build creates nothing");
    }

    @Test
    void givenAManifestNotInCache_whenBuilt_thenTheErrorNamesIt() {
        Digest absent = Digest.sha256Of("never pulled".getBytes());
        ActivationFailure e = assertThrows(ActivationFailure.MissingBlobs.class, () -> builder.build(MODEL, absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", ".", "", ".lading", "dir\\file"})
    void givenADangerousTitle_whenBuilt_thenItIsRefusedAndNothingIsBuilt(String title) throws IOException {
        Digest manifest = cache.manifest(List.of(cache.layer("fine.bin", "ok"), cache.layer(title, "evil")));

        ActivationFailure e = assertThrows(ActivationFailure.InvalidVersion.class, () -> builder.build(MODEL, manifest));

        assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
        assertFalse(Files.exists(root.resolve("models/team/x")));
        assertEquals(List.of(), names(root.resolve("models/team/llama/versions")));
    }

    @Test
    void givenDuplicateTitles_whenBuilt_thenRefused() throws IOException {
        Digest manifest = cache.manifest(List.of(cache.layer("w.bin", "one"), cache.layer("w.bin", "two")));
        ActivationFailure e = assertThrows(ActivationFailure.InvalidVersion.class, () -> builder.build(MODEL, manifest));
        assertTrue(e.getMessage().contains("'w.bin'"), e.getMessage());
        assertEquals(List.of(), names(root.resolve("models/team/llama/versions")));
    }

    @Test
    void givenAnIndex_whenBuilt_thenRefusedWithAHint() {
        Digest index = cache.blob("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}".getBytes());
        ActivationFailure e = assertThrows(ActivationFailure.InvalidVersion.class, () -> builder.build(MODEL, index));
        assertTrue(e.getMessage().contains("index"), e.getMessage());
    }

    @Test
    void givenLeftoversOfACrashedBuild_whenTheNextBuildRuns_thenOnlyCompleteVersionsRemain() throws IOException {
        Digest manifest = cache.version("a");
        Digest next = cache.version("b");
        builder.build(MODEL, manifest);
        Path leftover = root.resolve("models/team/llama/versions/.tmp-" + next.hex() + "-crashed");
        Files.createDirectories(leftover);
        Files.createDirectories(leftover.resolve(".lading"));
        Files.createLink(leftover.resolve(".lading/manifest.json"), cache.layout.blob(next));

        builder.build(MODEL, next);

        assertEquals(List.of(manifest.hex(), next.hex()).stream().sorted().toList(), names(root.resolve("models/team/llama/versions")));
        assertTrue(Files.exists(cache.layout.blob(manifest)), "removing a leftover never touches a blob");
    }

    static void assertSameFile(Path expected, Path actual) throws IOException {
        assertEquals(Files.getAttribute(expected, "unix:ino"), Files.getAttribute(actual, "unix:ino"),
                actual + " should be a hard link to " + expected);
    }

    static int nlink(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink");
    }

    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
