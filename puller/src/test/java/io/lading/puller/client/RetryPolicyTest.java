package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

    @Test
    void givenFailedAttempts_whenBackingOff_thenEachWaitIsJitteredWithinTheDoublingCap() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            long cap = Math.min(2000, 100L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                long wait = policy.backoff(attempt).toMillis();
                assertTrue(wait >= 0 && wait <= cap, "attempt " + attempt + " waited " + wait + " ms, cap " + cap);
            }
        }
    }

    @Test
    void givenRetryAfterSeconds_whenAsked_thenObeyedUpToTheLimit() {
        assertEquals(Duration.ofSeconds(7), policy.retryAfter("7", 1));
        assertEquals(Duration.ofSeconds(30), policy.retryAfter("3600", 1));
        assertTrue(policy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1).toMillis() <= 100, "an HTTP-date falls back to backoff");
    }

    @Test
    void givenNoAttempts_whenBuilt_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
