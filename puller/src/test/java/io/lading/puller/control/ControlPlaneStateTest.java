package io.lading.puller.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.puller.client.ClientSettings;
import io.lading.puller.client.Credentials;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RetryPolicy;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The long poll against a control plane that is not there (a loopback port nobody listens on): the daemon learns
 * it cannot reach it, and each further poll waits out a growing backoff instead of spinning.
 */
class ControlPlaneStateTest {

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachable_targetsFail_andEachPollWaitsOutAGrowingBackoff() throws Exception {
        RegistryClient http = new RegistryClient("http://127.0.0.1:" + closedPort(), Credentials.anonymous(),
                ClientSettings.DEFAULT.withRetry(RetryPolicy.none()));
        ControlPlaneClient client = new ControlPlaneClient(http, "gpu-1", List.of(RepositoryName.parse("models/a")));
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
        AtomicInteger registrations = new AtomicInteger();
        ControlPlaneState state = new ControlPlaneState(client, List.of(new DaemonConfig.Model("models/a", null, null, null, null,
                "prod", null, null)), 30, backoff, registrations::incrementAndGet);

        IOException e = assertThrows(IOException.class, state::targets);
        assertTrue(e.getMessage().contains("127.0.0.1"), "the failure names where it tried: " + e.getMessage());

        long[] minimumMillis = {50, 100, 200, 200};
        for (int i = 0; i < minimumMillis.length; i++) {
            long start = System.nanoTime();
            state.awaitChange();
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took >= minimumMillis[i], "poll " + (i + 1) + " returned after " + took + " ms; the backoff asks for at least "
                    + minimumMillis[i]);
            assertTrue(took < 5_000, "poll " + (i + 1) + " took " + took + " ms");
        }
        assertEquals(minimumMillis.length, backoff.failures());
        assertEquals(0, registrations.get(), "an unreachable plane is not a HOST_UNKNOWN: no re-registration is asked for");
        assertTrue(state.last().isEmpty());
    }
}
