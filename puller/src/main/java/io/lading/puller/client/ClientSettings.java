package io.lading.puller.client;

import java.time.Clock;
import java.time.Duration;

/** Tunables of a {@link RegistryClient}, with defaults meant for production; tests shorten the waits. */
public record ClientSettings(RetryPolicy retry, UploadSettings uploads, RetryListener retryListener, Duration connectTimeout,
                            Duration readTimeout, Clock clock) {

    public static final ClientSettings DEFAULT = new ClientSettings(RetryPolicy.DEFAULT, UploadSettings.DEFAULT, RetryListener.NONE,
            Duration.ofSeconds(10), Duration.ofMinutes(5), Clock.systemUTC());

    public ClientSettings withRetry(RetryPolicy r) {
        return new ClientSettings(r, uploads, retryListener, connectTimeout, readTimeout, clock);
    }

    public ClientSettings withUploads(UploadSettings u) {
        return new ClientSettings(retry, u, retryListener, connectTimeout, readTimeout, clock);
    }

    public ClientSettings withRetryListener(RetryListener l) {
        return new ClientSettings(retry, uploads, l, connectTimeout, readTimeout, clock);
    }
}
