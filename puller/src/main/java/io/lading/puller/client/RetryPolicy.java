package io.lading.puller.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a request the registry could not serve right now: 5xx, 429 and broken
 * connections. Exponential backoff with full jitter (each wait uniform in [0, base * 2^n], capped) keeps a
 * fleet of pullers that failed together from retrying together; a 429's {@code Retry-After} is obeyed as
 * told, up to {@code maxRetryAfter}, because the registry knows its own load better than we do.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** Six attempts over about half a minute ride out a registry restart without hanging a CLI for long. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a request needs at least one attempt, got " + maxAttempts);
        }
    }

    /** No retries: for tests that want to see the first failure. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /**
     * The wait a 429 asks for: {@code Retry-After} in seconds (RFC 9110 section 10.2.3; the HTTP-date form
     * is rare from registries and falls back to backoff), bounded by {@code maxRetryAfter}.
     */
    Duration retryAfter(String header, int attempt) {
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                Duration asked = Duration.ofSeconds(Math.max(0, seconds));
                return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
            } catch (NumberFormatException e) {
                // An HTTP-date: fall through to our own backoff.
            }
        }
        return backoff(attempt);
    }

    static void sleep(Duration d) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
