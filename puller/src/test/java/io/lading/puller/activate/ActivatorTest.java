package io.lading.puller.activate;

import static io.lading.puller.activate.VersionBuilderTest.names;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivatorTest extends TwoVersionCache {
    @Test
    void givenNothingActive_whenActivated_thenCurrentResolvesToTheVersion() throws IOException {
        Activation a = activator.activate(MODEL, v1, Hook.none());

        assertTrue(a.switched());
        assertEquals(Optional.of(v1), activator.current(MODEL));
        assertEquals(Optional.empty(), activator.previous(MODEL));
        assertEquals(Path.of("versions", v1.hex()), Files.readSymbolicLink(modelDir.resolve("current")));
        assertEquals("v1 shard 1", Files.readString(modelDir.resolve("current/shard-1.safetensors")));
    }

    @Test
    void givenAnActiveVersion_whenAnotherIsActivatedAndRolledBackAndActivatedAgain_thenCurrentAndPreviousFollow() throws IOException {
        activator.activate(MODEL, v1, Hook.none());

        Activation second = activator.activate(MODEL, v2, Hook.none());
        assertEquals(Optional.of(v1), second.previous());
        assertEquals(Optional.of(v2), activator.current(MODEL));
        assertEquals(Optional.of(v1), activator.previous(MODEL));
        assertEquals("v2 shard 0", Files.readString(modelDir.resolve("current/shard-0.safetensors")));

        Activation back = activator.rollback(MODEL, Hook.none());
        assertEquals(v1, back.current());
        assertEquals(Optional.of(v1), activator.current(MODEL));
        assertEquals(Optional.of(v2), activator.previous(MODEL));
        assertEquals("v1 shard 0", Files.readString(modelDir.resolve("current/shard-0.safetensors")));

        activator.activate(MODEL, v2, Hook.none());
        assertEquals(Optional.of(v2), activator.current(MODEL));
        assertEquals(Optional.of(v1), activator.previous(MODEL));
        assertEquals(List.of(".lock", "current", "previous", "versions"), names(modelDir), "no temporaries remain");
    }

    @Test
    void givenTheVersionIsCurrentAlready_whenActivated_thenNothingChangesAndPreviousIsKept() {
        activator.activate(MODEL, v1, Hook.none());
        activator.activate(MODEL, v2, Hook.none());

        Activation again = activator.activate(MODEL, v2, Hook.none());

        assertFalse(again.switched());
        assertEquals(Optional.of(v1), activator.previous(MODEL));
    }

    @Test
    void givenNoPrevious_whenRolledBack_thenAClearError() {
        activator.activate(MODEL, v1, Hook.none());
        ActivationFailure e = assertThrows(ActivationFailure.NoPrevious.class, () -> activator.rollback(MODEL, Hook.none()));
        assertEquals("cannot roll back team/llama: it has no previous version", e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
    }

    @Test
    void givenAPreviousVersionThatLostAFile_whenRolledBack_thenRefusedAndCurrentKept() throws IOException {
        activator.activate(MODEL, v1, Hook.none());
        activator.activate(MODEL, v2, Hook.none());
        Files.delete(cache.versionDir("team/llama", v1).resolve("shard-1.safetensors"));

        ActivationFailure e = assertThrows(ActivationFailure.NoPrevious.class, () -> activator.rollback(MODEL, Hook.none()));

        assertTrue(e.getMessage().contains("no longer complete (missing shard-1.safetensors)"), e.getMessage());
        assertEquals(Optional.of(v2), activator.current(MODEL));
    }

    @Test
    void givenModels_whenListed_thenEachShowsCurrentPreviousAndVersionSizes() {
        activator.activate(MODEL, v1, Hook.none());
        activator.activate(MODEL, v2, Hook.none());
        RepositoryName other = RepositoryName.parse("solo");
        Digest o = cache.version("12345");
        activator.activate(other, o, Hook.none());

        List<ModelState> models = activator.models();

        assertEquals(List.of(other, MODEL), models.stream().map(ModelState::name).toList());
        ModelState llama = models.get(1);
        assertEquals(Optional.of(v2), llama.current());
        assertEquals(Optional.of(v1), llama.previous());
        assertEquals(2, llama.versions().size());
        ModelState.Version solo = models.get(0).versions().get(0);
        assertEquals(o, solo.manifest());
        assertEquals(3, solo.files(), ".lading/manifest.json, .lading/config.json and one shard");
        long expected = 5 + sizeOf(cache.versionDir("solo", o).resolve(".lading/manifest.json"))
                + sizeOf(cache.versionDir("solo", o).resolve(".lading/config.json"));
        assertEquals(expected, solo.bytes());
    }

    @Test
    void givenACrashBetweenBuildAndSwap_whenAFreshActivatorStarts_thenCurrentIsTheOldCompleteVersion() throws IOException {
        activator.activate(MODEL, v1, Hook.none());
        new VersionBuilder(cache.layout).build(MODEL, v2);
        Path halfBuilt = modelDir.resolve("versions/.tmp-" + v2.hex() + "-crashed");
        Files.createDirectories(halfBuilt);
        Files.createDirectories(halfBuilt.resolve(".lading"));
        Files.createLink(halfBuilt.resolve(".lading/manifest.json"), cache.layout.blob(v2));

        Activator fresh = new Activator(cache.layout);

        assertEquals(Optional.of(v1), fresh.current(MODEL));
        assertComplete(modelDir.resolve("current"));
        assertFalse(Files.exists(halfBuilt), "the half-built directory was removed");
    }

    @Test
    void givenACrashAfterTheTempSymlinkWasCreated_whenAFreshActivatorStarts_thenCurrentIsCompleteAndTheLinkIsGone() throws IOException {
        activator.activate(MODEL, v1, Hook.none());
        new VersionBuilder(cache.layout).build(MODEL, v2);
        Path tmpLink = modelDir.resolve(".tmp-link-current-crashed");
        Files.createSymbolicLink(tmpLink, Path.of("versions", v2.hex()));

        Activator fresh = new Activator(cache.layout);

        assertEquals(Optional.of(v1), fresh.current(MODEL));
        assertComplete(modelDir.resolve("current"));
        assertFalse(Files.exists(tmpLink, LinkOption.NOFOLLOW_LINKS));
        assertEquals(v2, fresh.activate(MODEL, v2, Hook.none()).current());
    }

    @Test
    void givenACrashAfterPreviousMovedButBeforeCurrent_whenRolledBack_thenAClearErrorAndActivationStillWorks() throws IOException {
        activator.activate(MODEL, v1, Hook.none());
        // The state a crash leaves between activation's two renames: previous already equals current.
        Files.createSymbolicLink(modelDir.resolve("previous"), Path.of("versions", v1.hex()));

        ActivationFailure e = assertThrows(ActivationFailure.NoPrevious.class, () -> activator.rollback(MODEL, Hook.none()));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());

        activator.activate(MODEL, v2, Hook.none());
        assertEquals(Optional.of(v2), activator.current(MODEL));
        assertEquals(Optional.of(v1), activator.previous(MODEL));
    }

    /** A version reached through a link is complete: every file its manifest names is there with its size. */
    static void assertComplete(Path versionDir) throws IOException {
        Path real = versionDir.toRealPath();
        Digest digest = ModelDir.digestOfHex(real.getFileName().toString()).orElseThrow();
        List<String> missing = VersionBuilder.missingFiles("any", real, digest);
        assertTrue(missing.isEmpty(), versionDir + " is incomplete: " + missing.size() + " files missing, such as "
                + missing.subList(0, Math.min(3, missing.size())));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
