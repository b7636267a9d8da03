package io.lading.puller.control;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Asks the inference server whether the active version serves: {@code GET <healthUrl>}, healthy on a 2xx within
 * the timeout. The result goes into the heartbeat, where the registry's rollout counts an unhealthy host against
 * its wave's failure budget (spec/control-plane.md, Rollouts).
 */
public record HealthProbe(URI url, Duration timeout) {
    /** The default when a model gives no healthTimeoutSeconds: a health endpoint that needs longer is itself unwell. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** One pool for every probe; no retries and no redirects, so a probe is exactly one request. */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false).build();

    public HostReport.HealthResult probe(Clock clock) {
        OkHttpClient client = SHARED.newBuilder().callTimeout(timeout).build();
        // GET <healthUrl>
        try (Response r = client.newCall(new Request.Builder().url(url.toString()).get().build()).execute()) {
            return new HostReport.HealthResult(r.isSuccessful(), r.code() + " from " + url, clock.instant().toString());
        } catch (InterruptedIOException e) {
            return new HostReport.HealthResult(false, "no answer from " + url + " within " + timeout.toMillis() + " ms",
                    clock.instant().toString());
        } catch (IOException e) {
            return new HostReport.HealthResult(false, "GET " + url + " failed: " + e.getMessage(), clock.instant().toString());
        }
    }
}
