package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.LadingCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One activation per model at a time: a second one, from another thread or another process, waits until
 * the first (including its hook) is done. The first holds the lock while its hook waits for a file.
 */
class ModelLockTest extends TwoVersionCache {

    private String hookWaitingFor(Path started, Path go) {
        return "touch " + started + "; while [ ! -f " + go + " ]; do sleep 0.05; done";
    }

    @Test
    void givenAnActivationWaitingOnItsHook_whenAnotherThreadActivates_thenItWaitsForTheFirst() throws Exception {
        Path started = root.resolve("started");
        Path go = root.resolve("go");
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Activation> first = threads.submit(() ->
                    activator.activate(MODEL, v1, new CommandHook(hookWaitingFor(started, go), Duration.ofSeconds(20))));
            awaitFile(started);
            Future<Activation> second = threads.submit(() -> new Activator(cache.layout).activate(MODEL, v2, Hook.none()));
            Thread.sleep(300);
            assertFalse(second.isDone(), "the second activation waits for the model's lock");

            Files.createFile(go);

            assertEquals(v1, first.get(20, TimeUnit.SECONDS).current());
            assertEquals(Optional.of(v1), second.get(20, TimeUnit.SECONDS).previous());
        }
        assertEquals(Optional.of(v2), activator.current(MODEL));
    }

    @Test
    void givenAnotherProcessActivating_whenThisOneActivates_thenItWaitsForTheOtherProcess() throws Exception {
        Path started = root.resolve("started");
        Path go = root.resolve("go");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LadingCli.class.getName(),
                "activate", MODEL + "@" + v1, "--cache", root.toString(), "--on-activate-cmd", hookWaitingFor(started, go))
                .redirectErrorStream(true).start();
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            awaitFile(started);
            Future<Activation> here = threads.submit(() -> activator.activate(MODEL, v2, Hook.none()));
            Thread.sleep(300);
            assertFalse(here.isDone(), "this process waits for the other one's file lock");

            Files.createFile(go);

            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue(), new String(other.getInputStream().readAllBytes()));
            assertEquals(Optional.of(v1), here.get(20, TimeUnit.SECONDS).previous());
        } finally {
            other.destroyForcibly();
        }
        assertEquals(Optional.of(v2), activator.current(MODEL));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < deadline, "the first activation's hook never started");
            Thread.sleep(10);
        }
    }
}
