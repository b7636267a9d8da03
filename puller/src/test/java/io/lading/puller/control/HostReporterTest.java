package io.lading.puller.control;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lading.puller.activate.Activator;
import io.lading.puller.activate.CacheFixture;
import io.lading.puller.activate.Hook;
import io.lading.puller.cache.BlobCache;
import io.lading.puller.daemon.CachedVersions;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.ModelStatus;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat body (spec/control-plane.md, PUT /lading/v1/hosts/{hostId}) built from a real cache and a real
 * activator: complete versions only, the last activation's outcome, the health probe of the active version
 * (the inference server is WireMock), and a heartbeat asked for at once when something the rollout needs changed.
 */
class HostReporterTest {
    private static final RepositoryName MODEL = RepositoryName.parse("team/llama");
    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");

    @TempDir
    Path root;
    private static WireMockServer inference;
    private CacheFixture cache;
    private Activator activator;
    private HostReporter reporter;
    private final AtomicInteger nudges = new AtomicInteger();

    @BeforeAll
    static void startInferenceServer() {
        inference = new WireMockServer(options().dynamicPort());
        inference.start();
    }

    @AfterAll
    static void stopInferenceServer() {
        inference.stop();
    }

    @BeforeEach
    void start() {
        inference.resetAll();
        cache = new CacheFixture(root);
        activator = new Activator(cache.layout);
        DaemonConfig.Model model = new DaemonConfig.Model(MODEL.value(), null, null, null, null, "canary",
                inference.baseUrl() + "/health", 10); // generous: a cold WireMock on a busy machine answers slowly
        reporter = new HostReporter(Map.of("zone", "a"), List.of(model), activator,
                new CachedVersions(new BlobCache(cache.layout, Long.MAX_VALUE)), Clock.fixed(NOW, ZoneOffset.UTC));
        reporter.onChange(nudges::incrementAndGet);
    }

    private HostReport.ModelReport only() {
        HostReport r = reporter.report();
        assertEquals(Map.of("zone", "a"), r.labels());
        assertEquals(1, r.models().size());
        return r.models().get(0);
    }

    @Test
    void beforeAnything_theModelIsReportedIdleOnItsChannel_withNothingActiveAndNoProbe() {
        HostReport.ModelReport m = only();
        assertEquals("team/llama", m.model());
        assertEquals("canary", m.channel());
        assertNull(m.active());
        assertEquals(List.of(), m.cached());
        assertEquals("idle", m.state());
        assertNull(m.health(), "nothing active: nothing to probe");
        assertEquals(0, inference.getAllServeEvents().size());
    }

    @Test
    void onlyCompleteVersionsAreReportedCached() throws Exception {
        Digest v1 = cache.version("v1 shard 0");
        Digest broken = cache.version("broken shard 0", "broken shard 1");
        Files.delete(cache.layout.blob(Digest.sha256Of("broken shard 1".getBytes())));
        reporter.cached(MODEL, v1);
        reporter.cached(MODEL, broken);
        assertEquals(List.of(v1.toString()), only().cached());
        assertEquals(2, nudges.get(), "each newly cached version asks for a heartbeat");
        reporter.cached(MODEL, v1);
        assertEquals(2, nudges.get(), "a version already reported does not");
    }

    @Test
    void afterAnActivation_theOutcomeAndAFreshProbeOfTheNewVersionAreReported() {
        inference.stubFor(get("/health").willReturn(aResponse().withStatus(503).withBody("loading")));
        Digest v1 = cache.version("v1 shard 0");
        Digest v2 = cache.version("v2 shard 0");
        activator.activate(MODEL, v1, Hook.none());
        reporter.activated(MODEL, v1, null);
        HostReport.ModelReport m = only();
        assertEquals(v1.toString(), m.active());
        assertEquals(new HostReport.ActivationResult(v1.toString(), true, null, NOW.toString()), m.lastActivation());
        assertFalse(m.health().ok());
        assertEquals("503 from " + inference.baseUrl() + "/health", m.health().detail());

        inference.stubFor(get("/health").willReturn(ok("ready")));
        assertTrue(only().health().ok(), "probed again on the next heartbeat");

        reporter.activated(MODEL, v2, "on-activate command exited 3");
        m = only();
        assertEquals(v1.toString(), m.active(), "a failed activation leaves the active version");
        assertEquals(new HostReport.ActivationResult(v2.toString(), false, "on-activate command exited 3", NOW.toString()),
                m.lastActivation());
        assertTrue(m.cached().containsAll(List.of(v1.toString(), v2.toString())), m.cached().toString());
    }

    @Test
    void theDaemonsStatesMapToTheContracts_andOnlyChangesAskForAHeartbeat() {
        ModelStatus rejected = new ModelStatus(MODEL.value(), "rejected", null, null, null, "unsigned", NOW.toString(), null);
        reporter.status(rejected);
        HostReport.ModelReport m = only();
        assertEquals("failed", m.state(), "a version the trust policy refused is a failure to the control plane");
        assertEquals("unsigned", m.error());
        assertEquals(1, nudges.get());
        reporter.status(rejected);
        assertEquals(1, nudges.get(), "the same state again is not news");
        reporter.status(new ModelStatus(MODEL.value(), "pulling", null, null, null, null, NOW.toString(), null));
        assertEquals("pulling", only().state());
        assertEquals(2, nudges.get());
    }
}
