package io.lading.puller.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The wait between attempts to reach the control plane: doubling, capped, jittered in the upper half, reset by success. */
class BackoffTest {

    @RepeatedTest(20)
    void eachWaitDoublesWithinItsUpperHalf_upToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            long wait = b.next().toMillis();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, "wait " + wait + " ms should be in [" + ceiling / 2 + ", " + ceiling + "]");
        }
        assertEquals(ceilings.length, b.failures());
    }

    @Test
    void aSuccessStartsOverFromTheFirstWait() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));
        for (int i = 0; i < 10; i++) {
            b.next();
        }
        b.reset();
        assertEquals(0, b.failures());
        assertTrue(b.next().toMillis() <= 100);
    }

    @Test
    void manyFailuresNeverOverflowPastTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofSeconds(30));
        for (int i = 0; i < 200; i++) {
            assertTrue(b.next().compareTo(Duration.ofSeconds(30)) <= 0);
        }
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
