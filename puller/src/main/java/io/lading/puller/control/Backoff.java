package io.lading.puller.control;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait between attempts to reach a control plane that is away: doubling from {@code initial} up to
 * {@code max}, each wait drawn from its upper half (so a fleet that lost the registry together does not come
 * back together, yet no wait collapses to nothing), back to {@code initial} after a success. Not thread-safe:
 * one per loop.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The wait after one more failure. */
    public Duration next() {
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures, 30));
        failures++;
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1));
    }

    /** Failures in a row since the last success. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
