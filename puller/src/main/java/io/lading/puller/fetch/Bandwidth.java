package io.lading.puller.fetch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A cap on bytes per second shared by every stream of an engine, so a host never saturates its uplink and
 * starves serving traffic. The peer server caps its uploads with one too. Each stream pays for what it has read by sleeping until the shared schedule has
 * room for it; over any second the streams together move at most about the cap.
 */
public final class Bandwidth {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long bytesPerSecond;
    /** When the schedule is next free; only moves forward. */
    private long nextFreeNanos = System.nanoTime();

    /** @param bytesPerSecond the cap; 0 means no cap */
    public Bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Blocks the calling stream until {@code bytes} fit in the cap. */
    public void pay(long bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long wakeAt;
        synchronized (this) {
            long now = System.nanoTime();
            long cost = (long) (bytes * (double) NANOS_PER_SECOND / bytesPerSecond);
            nextFreeNanos = Math.max(nextFreeNanos, now) + cost;
            wakeAt = nextFreeNanos;
        }
        for (long wait; (wait = wakeAt - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while throttled to " + bytesPerSecond + " bytes/s");
            }
        }
    }
}
