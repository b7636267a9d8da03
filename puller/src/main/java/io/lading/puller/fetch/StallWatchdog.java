package io.lading.puller.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts off sources that deliver no byte for the stall timeout. Once a stream is open, closing it is the one way
 * to unblock a read on any stream (socket or otherwise); interrupting the reader instead could also close the
 * shared data file channel under every other stream, since an interrupted FileChannel write closes the
 * channel. Before the stream exists (a request whose answer never comes) the waiting thread is interrupted,
 * which is safe then: it is not writing, and the interrupt is cleared before it writes.
 */
final class StallWatchdog implements AutoCloseable {
    /** Checks a few times per timeout, so a stall is noticed within about 1.25 timeouts. */
    private static final int CHECKS_PER_TIMEOUT = 4;

    private final long timeoutNanos;
    /** A transfer running longer than this is cut off too, however it trickles; 0: no limit. */
    private final long limitNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    StallWatchdog(Duration timeout) {
        this(timeout, Duration.ZERO);
    }

    /**
     * Also cuts off any transfer that runs longer than {@code limit} in all (issue 6: a slow peer, not only a
     * silent one, loses its chunk to another source); {@link Duration#ZERO} for no such limit.
     */
    StallWatchdog(Duration timeout, Duration limit) {
        this.timeoutNanos = timeout.toNanos();
        this.limitNanos = limit.toNanos();
        this.thread = Thread.ofVirtual().name("stall-watchdog").start(this::patrol);
    }

    /** Starts watching the calling thread as it opens a stream. */
    Watch watchOpening() {
        Watch w = new Watch(Thread.currentThread());
        watches.add(w);
        return w;
    }

    private void patrol() {
        long period = Math.max(1, timeoutNanos / CHECKS_PER_TIMEOUT);
        while (running) {
            long now = System.nanoTime();
            for (Watch w : watches) {
                if (now - w.lastProgressNanos > timeoutNanos || (limitNanos > 0 && now - w.startNanos > limitNanos)) {
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

    /** One attempt under watch: opening, then streaming; the reader reports progress after every read. */
    final class Watch implements AutoCloseable {
        private final Thread opener;
        private Closeable stream;
        private boolean done;
        private final long startNanos = System.nanoTime();
        private volatile long lastProgressNanos = startNanos;
        private volatile boolean stalled;

        private Watch(Thread opener) {
            this.opener = opener;
        }

        /**
         * Switches from opening to streaming. Returns false when the open already stalled; either way the
         * caller's interrupt flag is cleared, so no later write is interrupted.
         */
        synchronized boolean streaming(Closeable opened) {
            stream = opened;
            Thread.interrupted();
            progress();
            return !stalled;
        }

        void progress() {
            lastProgressNanos = System.nanoTime();
        }

        boolean stalled() {
            return stalled;
        }

        private synchronized void stall() {
            if (done) {
                return;
            }
            stalled = true;
            watches.remove(this);
            if (stream == null) {
                opener.interrupt();
                return;
            }
            try {
                stream.close();
            } catch (IOException | RuntimeException ignored) {
                // The reader sees its read fail either way, and reports the stall. Okio's timeout bookkeeping can
                // throw IllegalStateException ("Unbalanced enter/exit") when a body is closed from another thread
                // while it reads (seen in the fleet lab); uncaught, it ended this patrol thread and no stall of
                // the download was ever cut off again.
            }
        }

        @Override
        public synchronized void close() {
            done = true;
            watches.remove(this);
            if (stalled && stream == null) {
                Thread.interrupted(); // the interrupt that cut off a hung open must not reach the next write
            }
        }
    }
}
