package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The on-activate command, run by a real {@link Activator} against a real cache. */
class CommandHookTest extends TwoVersionCache {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void givenACommandHook_whenActivated_thenItSeesTheNewVersionThroughCurrentInItsEnvironment() throws IOException {
        Path seen = root.resolve("seen.txt");
        String command = "printf '%s\\n' \"$LADING_MODEL\" \"$LADING_VERSION\" \"$LADING_PATH\" > " + seen
                + " && cat \"$LADING_PATH/shard-0.safetensors\" >> " + seen;

        activator.activate(MODEL, v1, new CommandHook(command, TIMEOUT));

        Path current = root.resolve("models/team/llama/current");
        assertEquals(List.of("team/llama", v1.toString(), current.toString(), "v1 shard 0"), Files.readAllLines(seen));
    }

    @Test
    void givenACommandThatExitsWithOne_whenActivated_thenTheSwitchIsUndoneAndItsStderrReported() {
        activator.activate(MODEL, v1, Hook.none());
        Hook failing = new CommandHook("echo 'cannot load weights: CUDA out of memory' >&2; echo second line >&2; exit 1", TIMEOUT);

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v2, failing));

        assertTrue(e.getMessage().endsWith("exited with 1: cannot load weights: CUDA out of memory"), e.getMessage());
        assertTrue(e.getMessage().contains("current is " + v1 + " again"), e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
        assertEquals(Optional.empty(), activator.previous(MODEL));
    }

    @Test
    void givenACommandThatHangs_whenActivated_thenItIsKilledAtTheTimeoutAndTheSwitchUndone() {
        activator.activate(MODEL, v1, Hook.none());
        activator.activate(MODEL, v2, Hook.none());
        Digest v3 = cache.version("v3 shard 0");
        long start = System.nanoTime();

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class,
                () -> activator.activate(MODEL, v3, new CommandHook("sleep 60", Duration.ofMillis(300))));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "the hook was not left running");
        assertTrue(e.getMessage().contains("did not finish within 300 ms and was killed"), e.getMessage());
        assertEquals(Optional.of(v2), activator.current(MODEL));
        assertEquals(Optional.of(v1), activator.previous(MODEL));
    }

    @Test
    void givenTheFirstActivationsHookFails_whenUndone_thenNothingIsCurrent() {
        assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v1, new CommandHook("exit 3", TIMEOUT)));
        assertEquals(Optional.empty(), activator.current(MODEL));
        assertFalse(Files.exists(root.resolve("models/team/llama/current"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void givenARollbackWhoseHookFails_whenUndone_thenCurrentAndPreviousAreAsBefore() {
        activator.activate(MODEL, v1, Hook.none());
        activator.activate(MODEL, v2, Hook.none());

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class,
                () -> activator.rollback(MODEL, new CommandHook("exit 2", TIMEOUT)));

        assertTrue(e.getMessage().startsWith("rolling back team/llama to " + v1 + " was undone"), e.getMessage());
        assertTrue(e.getMessage().endsWith("exited with 2"), e.getMessage());
        assertEquals(Optional.of(v2), activator.current(MODEL));
        assertEquals(Optional.of(v1), activator.previous(MODEL));
    }

    @Test
    void givenAnEmptyCommand_whenCreated_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CommandHook(" ", TIMEOUT));
    }
}
