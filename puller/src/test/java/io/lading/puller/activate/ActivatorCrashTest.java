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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real crashes: a child JVM activates versions in a loop and is SIGKILLed at random
 * moments; after each kill {@code current} must resolve to a complete version, every directory under
 * {@code versions/} must be complete (none is ever visible half-built), and a fresh Activator must leave
 * no temporaries behind.
 */
class ActivatorCrashTest {
    private static final RepositoryName MODEL = RepositoryName.parse("team/llama");
    private static final int KILLS = 8;
    private static final int SHARDS = 400;

    @TempDir
    Path root;

    @Test
    void givenAChildActivatingInALoop_whenKilledAtRandomMoments_thenCurrentIsAlwaysACompleteVersion() throws Exception {
        CacheFixture cache = new CacheFixture(root);
        List<Digest> versions = List.of(shards(cache, "a"), shards(cache, "b"), shards(cache, "c"));
        Random random = new Random();
        Path versionsDir = root.resolve("models/team/llama/versions");
        long steps = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            steps += runAndKill(versions, random.nextInt(400));

            Activator fresh = new Activator(cache.layout);

            // The child printed "ready" after its first activation, so current exists from then on.
            ActivatorTest.assertComplete(root.resolve("models/team/llama/current"));
            assertTrue(versions.contains(fresh.current(MODEL).orElseThrow()));
            assertEquals(Set.of(), leftovers(), "a fresh Activator removed what the crash left");
            for (Path version : VersionBuilderTest.names(versionsDir).stream().map(versionsDir::resolve).toList()) {
                ActivatorTest.assertComplete(version);
            }
        }
        System.out.printf("crash loop: %d kills, %d activation steps completed between them%n", KILLS, steps);
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

    /** A version of many small shards, so that building it takes long enough for kills to land inside. */
    private static Digest shards(CacheFixture cache, String prefix) {
        return cache.version(IntStream.range(0, SHARDS).mapToObj(i -> prefix + i).toArray(String[]::new));
    }

    private Set<Path> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve("models"))) {
            return walk.filter(p -> p.getFileName().toString().startsWith(ModelDir.TMP_PREFIX)).collect(Collectors.toSet());
        }
    }
}
