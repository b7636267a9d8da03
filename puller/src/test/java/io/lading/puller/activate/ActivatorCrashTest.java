package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real crashes: a child JVM activates versions in a loop and is SIGKILLed at random
 * moments; after each kill {@code current} must resolve to a complete version, and a fresh Activator
 * must leave no temporaries behind.
 */
class ActivatorCrashTest {
    private static final RepositoryName MODEL = RepositoryName.parse("team/llama");
    private static final int KILLS = 6;

    @TempDir
    Path root;

    @Test
    void givenAChildActivatingInALoop_whenKilledAtRandomMoments_thenCurrentIsAlwaysACompleteVersion() throws Exception {
        CacheFixture cache = new CacheFixture(root);
        List<Digest> versions = List.of(
                cache.version("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"),
                cache.version("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"),
                cache.version("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"));
        Random random = new Random();
        long steps = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            steps += runAndKill(versions, random.nextInt(400));

            Activator fresh = new Activator(cache.layout);

            Path current = root.resolve("models/team/llama/current");
            if (Files.isSymbolicLink(current)) {
                ActivatorTest.assertComplete(current);
                assertTrue(versions.contains(fresh.current(MODEL).orElseThrow()));
            }
            assertEquals(Set.of(), leftovers(), "a fresh Activator removed what the crash left");
        }
        System.out.printf("crash loop: %d kills, %d activation steps completed between them%n", KILLS, steps);
        assertTrue(steps > KILLS, "the child completed only " + steps + " steps: the kills did not land inside a running loop");
        assertTrue(Files.isSymbolicLink(root.resolve("models/team/llama/current")), "some activation completed");
    }

    /** Starts the loop, kills it after {@code millis} of activity, and returns how many steps it completed. */
    private long runAndKill(List<Digest> versions, int millis) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ActivationLoop.class.getName(),
                root.toString(), MODEL.value(), versions.get(0).toString(), versions.get(1).toString(), versions.get(2).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicLong steps = new AtomicLong(-1);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        assertEquals("ready", out.readLine(), "the child started");
        Thread counter = Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) {
                    steps.incrementAndGet();
                }
            } catch (IOException closed) {
                // the child is gone
            }
        });
        Thread.sleep(millis);
        assertTrue(child.isAlive(), "the loop was still running when killed");
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        counter.join();
        return steps.get() + 1;
    }

    private Set<Path> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve("models"))) {
            return walk.filter(p -> p.getFileName().toString().startsWith(ModelDir.TMP_PREFIX)).collect(Collectors.toSet());
        }
    }
}
