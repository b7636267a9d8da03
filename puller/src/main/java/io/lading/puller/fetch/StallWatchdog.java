package io.lading.puller.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes streams that have delivered no byte for the stall timeout. Closing is the one way to unblock a
 * read on any stream (socket or otherwise); interrupting the reader instead would also close the shared
 * data file channel under every other stream.
 */
final class StallWatchdog implements AutoCloseable {
    /** Checks a few times per timeout, so a stall is noticed within about 1.25 timeouts. */
    private static final int CHECKS_PER_TIMEOUT = 4;

    private final long timeoutNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    StallWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.thread = Thread.ofVirtual().name("stall-watchdog").start(this::patrol);
    }

    Watch watch(Closeable stream) {
        Watch w = new Watch(stream);
        watches.add(w);
        return w;
    }

    private void patrol() {
        long period = Math.max(1, timeoutNanos / CHECKS_PER_TIMEOUT);
        while (running) {
            long now = System.nanoTime();
            for (Watch w : watches) {
                if (now - w.lastProgressNanos > timeoutNanos) {
                    w.stall();
                }
            }
            try {
                Thread.sleep(Duration.ofNanos(period));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** One stream under watch; the reader reports progress after every read. */
    final class Watch implements AutoCloseable {
        private final Closeable stream;
        private volatile long lastProgressNanos = System.nanoTime();
        private volatile boolean stalled;

        private Watch(Closeable stream) {
            this.stream = stream;
        }

        void progress() {
            lastProgressNanos = System.nanoTime();
        }

        boolean stalled() {
            return stalled;
        }

        private void stall() {
            stalled = true;
            watches.remove(this);
            try {
                stream.close();
            } catch (IOException ignored) {
                // the reader sees its read fail either way, and reports the stall
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
