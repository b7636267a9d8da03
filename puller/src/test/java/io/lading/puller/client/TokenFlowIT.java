package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import io.lading.spec.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry token flow against a real registry with access control on, watched through a proxy. */
class TokenFlowIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);

    @TempDir
    Path tmp;

    /** A file of 5000 random bytes, uploaded to {@code repo} directly (not through the proxy under test). */
    private Path blobIn(RepositoryName repo, String name, long seed) throws Exception {
        Path file = TestFiles.random(tmp, name, 5000, seed);
        registry.admin().uploadBlob(repo, TestFiles.digest(file), file, null, n -> { });
        return file;
    }

    private static long tokenRequests(FaultProxy proxy) {
        return proxy.seen().stream().filter(s -> s.pathAndQuery().startsWith("/token")).count();
    }

    @Test
    void givenManyRequestsOfOneScope_whenSent_thenOneTokenServesThemUntilShortlyBeforeExpiry() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("tokens");
        Digest digest = TestFiles.digest(blobIn(repo, "b", 7));
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (FaultProxy proxy = new FaultProxy(registry.url())) {
            ClientSettings settings = new ClientSettings(RetryPolicy.none(), UploadSettings.DEFAULT, RetryListener.NONE,
                    Duration.ofSeconds(5), Duration.ofSeconds(30), clock);
            RegistryClient client = new RegistryClient(proxy.url(), new Credentials(TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD), settings);

            for (int i = 0; i < 5; i++) {
                assertTrue(client.hasBlob(repo, digest));
            }
            assertEquals(1, tokenRequests(proxy), "one token for five pulls of one scope");
            assertTrue(proxy.seen().stream().anyMatch(s -> s.pathAndQuery().contains("scope=repository%3A" + repo.value().replace("/", "%2F") + "%3Apull")),
                    proxy.seen().toString());

            clock.advance(Duration.ofSeconds(300 - 20));
            assertTrue(client.hasBlob(repo, digest));
            assertEquals(2, tokenRequests(proxy), "the registry's 300 s token is renewed within 30 s of expiry");
        }
    }

    @Test
    void givenParallelRequestsWithNoToken_whenChallenged_thenOneTokenIsFetchedForAll() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("tokens");
        Digest digest = TestFiles.digest(blobIn(repo, "c", 15));
        try (FaultProxy proxy = new FaultProxy(registry.url());
             var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            RegistryClient client = new RegistryClient(proxy.url(), new Credentials(TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD));
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> client.hasBlob(repo, digest)));
            }
            for (var r : results) {
                assertTrue(r.get());
            }
            assertEquals(1, tokenRequests(proxy), proxy.seen().toString());
        }
    }

    @Test
    void givenWrongPassword_whenPulling_thenOneLineErrorNamesTheRefusal() {
        RegistryClient client = new RegistryClient(registry.url(), new Credentials(TestRegistry.ADMIN, "wrong"),
                ClientSettings.DEFAULT.withRetry(RetryPolicy.none()));

        RegistryException e = assertThrows(RegistryException.class, () -> client.manifest(RepositoryName.parse("any/model"), Tag.parse("v1")));

        assertEquals(401, e.status());
        assertEquals("UNAUTHORIZED", e.code());
        assertTrue(e.getMessage().startsWith("getting a token for repository:any/model:pull as admin: HTTP 401 UNAUTHORIZED: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void givenAnonymousClientAndNoAnonymousGrant_whenPulling_thenRefusedWithUnauthorized() {
        RegistryClient client = new RegistryClient(registry.url(), Credentials.anonymous());

        RegistryException e = assertThrows(RegistryException.class, () -> client.manifest(RepositoryName.parse("any/model"), Tag.parse("v1")));

        assertEquals(401, e.status(), e.getMessage());
    }

    @Test
    void givenAnonymousPullGrant_whenAnonymousClientPulls_thenItGetsTheBlob() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("public");
        Path file = blobIn(repo, "p", 8);
        Digest digest = TestFiles.digest(file);
        RegistryClient admin = registry.admin();
        var grant = admin.post("/lading/v1/admin/grants", java.util.Map.of("repository", repo.value(), "actions", java.util.List.of("pull")));
        assertEquals(201, grant.status(), String.valueOf(grant.body()));

        RegistryClient anonymous = new RegistryClient(registry.url(), Credentials.anonymous());

        assertArrayEquals(TestFiles.slice(file, 100, 200), TestFiles.read(anonymous.openBlob(repo, digest, 100, 200)));
    }
}
