package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retries and resumes, with a fault-injecting proxy in front of a real registry. */
class RetryIT {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);

    @TempDir
    Path tmp;
    private FaultProxy proxy;
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private RegistryClient client;
    private RepositoryName repo;
    private Path file;
    private Digest digest;

    @BeforeEach
    void blobBehindProxy() throws Exception {
        repo = TestFiles.uniqueRepository("retry");
        file = TestFiles.random(tmp, "blob", 1_000_000, 9);
        digest = TestFiles.digest(file);
        proxy = new FaultProxy(registry.url());
        client = clientWith(new UploadSettings(0, 256 * 1024));
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    private RegistryClient clientWith(UploadSettings uploads) {
        return new RegistryClient(proxy.url(), new Credentials(TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD),
                ClientSettings.DEFAULT.withRetry(FAST).withUploads(uploads).withRetryListener((action, attempt, reason, wait) -> {
                    retries.add(reason);
                    waits.add(wait);
                }));
    }

    private static Predicate<FaultProxy.Seen> blobGet() {
        return s -> s.method().equals("GET") && s.pathAndQuery().contains("/blobs/sha256:");
    }

    private void uploadDirectly() throws Exception {
        registry.admin().uploadBlob(repo, digest, file, null, n -> { });
    }

    @Test
    void givenTwo503s_whenGettingARange_thenRetriedWithBackoffAndServed() throws Exception {
        uploadDirectly();
        proxy.answer(2, blobGet(), 503, null);

        assertArrayEquals(TestFiles.slice(file, 10, 1000), TestFiles.read(client.openBlob(repo, digest, 10, 1000)));

        assertEquals(List.of("HTTP 503", "HTTP 503"), retries);
        waits.forEach(w -> assertTrue(w.compareTo(FAST.maxDelay()) <= 0, "backoff is capped: " + w));
    }

    @Test
    void given429WithRetryAfter_whenCheckingABlob_thenTheClientWaitsAsTold() throws Exception {
        uploadDirectly();
        proxy.answer(1, FaultProxy.method("HEAD"), 429, "1");

        assertTrue(client.hasBlob(repo, digest));

        assertEquals(List.of(Duration.ofSeconds(1)), waits);
        List<FaultProxy.Seen> heads = proxy.seen().stream().filter(s -> s.method().equals("HEAD")).toList();
        long gapMillis = (heads.get(heads.size() - 1).nanos() - heads.get(0).nanos()) / 1_000_000;
        assertTrue(gapMillis >= 1000, "waited " + gapMillis + " ms between the 429 and the retry");
    }

    @Test
    void givenDroppedConnections_whenGettingARange_thenRetriedAndServed() throws Exception {
        uploadDirectly();
        proxy.drop(2, blobGet());

        assertArrayEquals(TestFiles.slice(file, 0, 4096), TestFiles.read(client.openBlob(repo, digest, 0, 4096)));

        assertEquals(2, retries.size(), retries.toString());
        retries.forEach(r -> assertTrue(r.contains("IOException"), r));
    }

    @Test
    void givenARegistryThatKeepsFailing_whenAttemptsRunOut_thenOneLineErrorWithStatusAndCode() throws Exception {
        uploadDirectly();
        proxy.answer(10, blobGet(), 503, null);

        RegistryException e = assertThrows(RegistryException.class, () -> client.openBlob(repo, digest, 0, 10));

        assertEquals(503, e.status());
        assertEquals(FAST.maxAttempts() - 1, retries.size());
        assertTrue(e.getMessage().contains("HTTP 503 UNAVAILABLE: injected by the test proxy"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void givenTheSecondPatchBreaks_whenUploadingInChunks_thenItResumesFromTheUploadStatus() throws Exception {
        AtomicInteger patches = new AtomicInteger();
        proxy.drop(1, s -> s.method().equals("PATCH") && patches.incrementAndGet() == 2);
        AtomicLong net = new AtomicLong();

        assertEquals(UploadOutcome.UPLOADED, client.uploadBlob(repo, digest, file, null, net::addAndGet));

        List<String> sequence = proxy.seen().stream().map(FaultProxy.Seen::method)
                .filter(m -> m.equals("PATCH") || m.equals("GET") || m.equals("PUT")).toList();
        // 4 chunks of 256 KiB; the 2nd is lost, the status GET says 1 chunk is held, and the 2nd is sent again.
        assertEquals(List.of("PATCH", "PATCH", "GET", "PATCH", "PATCH", "PATCH", "PUT"), sequence.subList(sequence.size() - 7, sequence.size()));
        assertEquals(Files.size(file), net.get(), "progress counts the re-sent chunk once");
        assertArrayEquals(Files.readAllBytes(file), TestFiles.read(registry.admin().openBlob(repo, digest, 0, Files.size(file))));
    }
}
