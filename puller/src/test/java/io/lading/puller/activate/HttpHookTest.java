package io.lading.puller.activate;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.*;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The on-activate POST against WireMock playing an inference server's reload endpoint (a third party). */
class HttpHookTest extends TwoVersionCache {

    WireMockServer server;

    @BeforeEach
    void setUp() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        activator.activate(MODEL, v1, Hook.none());
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private HttpHook hook(Duration timeout) {
        return new HttpHook(URI.create(server.baseUrl() + "/v1/reload"), timeout);
    }

    @Test
    void givenTheServerReloads_whenActivated_thenItWasToldModelVersionAndPath() {
        server.stubFor(post("/v1/reload").willReturn(ok("{\"status\":\"loaded\"}")));

        activator.activate(MODEL, v2, hook(Duration.ofSeconds(5)));

        assertEquals(Optional.of(v2), activator.current(MODEL));
        server.verify(1, postRequestedFor(urlEqualTo("/v1/reload"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("team/llama")))
                .withRequestBody(matchingJsonPath("$.version", equalTo(v2.toString())))
                .withRequestBody(matchingJsonPath("$.path", equalTo(root.resolve("models/team/llama/current").toString()))));
    }

    @Test
    void givenTheServerAnswers500_whenActivated_thenTheSwitchIsUndoneAndStatusAndBodyReported() {
        server.stubFor(post("/v1/reload").willReturn(serverError().withBody("model failed to load: bad shard\nat loader.py:12")));

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v2, hook(Duration.ofSeconds(5))));

        assertTrue(e.getMessage().endsWith("/v1/reload answered 500: model failed to load: bad shard"), e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
        assertEquals(Optional.empty(), activator.previous(MODEL));
    }

    @Test
    void givenTheServerRedirects_whenActivated_thenThatIsFailureNotAReplayedRequest() {
        server.stubFor(post("/v1/reload").willReturn(temporaryRedirect("/elsewhere")));

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v2, hook(Duration.ofSeconds(5))));

        assertTrue(e.getMessage().contains("answered 302"), e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
        server.verify(0, anyRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void givenTheServerHangs_whenActivated_thenTheCallIsAbortedAtTheTimeoutAndTheSwitchUndone() {
        server.stubFor(post("/v1/reload").willReturn(ok().withFixedDelay(2_000)));

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v2, hook(Duration.ofMillis(300))));

        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
    }

    @Test
    void givenNoServerListens_whenActivated_thenTheSwitchIsUndone() {
        int port = server.port();
        server.stop();

        ActivationFailure e = assertThrows(ActivationFailure.HookFailed.class, () -> activator.activate(MODEL, v2,
                new HttpHook(URI.create("http://127.0.0.1:" + port + "/v1/reload"), Duration.ofSeconds(5))));

        assertTrue(e.getMessage().contains("failed: "), e.getMessage());
        assertEquals(Optional.of(v1), activator.current(MODEL));
    }

    @Test
    void givenANonHttpUrl_whenCreated_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HttpHook(URI.create("file:///etc/passwd"), Duration.ofSeconds(1)));
    }
}
