package io.lading.puller.client;

import java.time.Duration;

/** Observes retries: what failed and how long the client waits before the next attempt. */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (action, attempt, reason, wait) -> { };

    /** {@code attempt} (1-based) of {@code action} failed with {@code reason}; the client now waits {@code wait}. */
    void retrying(String action, int attempt, String reason, Duration wait);
}
