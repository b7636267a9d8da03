package io.lading.puller.loadgen;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N simulated pullers, each a pair of virtual threads over the one shared client: one heartbeats every
 * {@code heartbeatSeconds} at a fixed phase, skipping beats missed while one was slow (and every {@code resyncEvery}-th beat asks its desired state without
 * {@code since}, as a restarted puller does: the immediate answers), one keeps a long poll open.
 * Latencies are recorded only while {@link #measuring} is on.
 */
final class Fleet {
    /** A failed registration or poll is retried after 1 s, doubling to 30 s, as a puller backs off a registry in trouble. */
    private static final long FIRST_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private final ControlPlaneClient client;
    private final Supplier<String> token;
    private final List<SimulatedHost> hosts;
    private final int heartbeatSeconds;
    private final int waitSeconds;
    private final int resyncEvery;
    private final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    private final CountDownLatch registered;
    private volatile boolean running = true;
    volatile boolean measuring;

    final Recorder heartbeats = new Recorder(3_600_000_000L, 3);
    final Recorder immediate = new Recorder(3_600_000_000L, 3);
    final ConcurrentLinkedQueue<ChangeLog.Notify> notifies = new ConcurrentLinkedQueue<>();
    /** Outcomes that are not a 200, by "what status" (e.g. "heartbeat 503", "poll IOException"). */
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final AtomicLong heldTimeouts = new AtomicLong();
    final AtomicLong polls = new AtomicLong();

    Fleet(ControlPlaneClient client, Supplier<String> token, List<SimulatedHost> hosts, int heartbeatSeconds, int waitSeconds,
          int resyncSeconds) {
        this.client = client;
        this.token = token;
        this.hosts = hosts;
        this.heartbeatSeconds = heartbeatSeconds;
        this.waitSeconds = waitSeconds;
        this.resyncEvery = Math.max(1, resyncSeconds / heartbeatSeconds);
        this.registered = new CountDownLatch(hosts.size());
    }

    /** Starts every host, spreading first registrations over {@code rampSeconds}, as a fleet that boots over time. */
    void start(int rampSeconds) {
        long rampNanos = TimeUnit.SECONDS.toNanos(rampSeconds);
        long t0 = System.nanoTime();
        for (int i = 0; i < hosts.size(); i++) {
            SimulatedHost h = hosts.get(i);
            long startAt = t0 + rampNanos * i / hosts.size();
            threads.add(Thread.ofVirtual().name("hb-" + h.hostId).start(() -> heartbeatLoop(h, startAt)));
        }
    }

    boolean awaitRegistered(long seconds) throws InterruptedException {
        return registered.await(seconds, TimeUnit.SECONDS);
    }

    long registeredCount() {
        return hosts.size() - registered.getCount();
    }

    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private void heartbeatLoop(SimulatedHost h, long startAt) {
        try {
            sleepUntil(startAt);
            for (long backoff = FIRST_BACKOFF_MILLIS; running && !beat(h); backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS)) {
                Thread.sleep(backoff);
            }
            registered.countDown();
            Thread poller = Thread.ofVirtual().name("poll-" + h.hostId).start(() -> pollLoop(h));
            threads.add(poller);
            long interval = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
            long next = startAt;
            for (long beatNo = 1; running; beatNo++) {
                // A beat that is late skips the beats it missed, as a puller's timer does: a slow registry must
                // not be offered more than one heartbeat per host and interval.
                next += interval;
                long now = System.nanoTime();
                if (next < now) {
                    next += (now - next) / interval * interval + interval;
                }
                sleepUntil(next);
                beat(h);
                if (beatNo % resyncEvery == 0) {
                    resync(h);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean beat(SimulatedHost h) {
        byte[] body = h.heartbeatBody();
        long t = System.nanoTime();
        try {
            ControlPlaneClient.Answer a = client.heartbeat(token.get(), h.hostId, body);
            long micros = (System.nanoTime() - t) / 1000;
            if (!a.ok()) {
                fail("heartbeat " + a.status());
                return false;
            }
            if (measuring) {
                heartbeats.recordValue(micros);
            }
            return true;
        } catch (RuntimeException e) {
            fail("heartbeat " + rootName(e));
            return false;
        }
    }

    private void resync(SimulatedHost h) {
        long t = System.nanoTime();
        try {
            ControlPlaneClient.Answer a = client.desired(token.get(), h.hostId, null, waitSeconds);
            long micros = (System.nanoTime() - t) / 1000;
            if (!a.ok()) {
                fail("desired (immediate) " + a.status());
            } else if (measuring) {
                immediate.recordValue(micros);
            }
        } catch (RuntimeException e) {
            fail("desired (immediate) " + rootName(e));
        }
    }

    private void pollLoop(SimulatedHost h) {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (running) {
            String since = h.generation();
            long sent = nowMicros();
            long t = System.nanoTime();
            try {
                ControlPlaneClient.Answer a = client.desired(token.get(), h.hostId, since, waitSeconds);
                long micros = (System.nanoTime() - t) / 1000;
                long answered = nowMicros();
                polls.incrementAndGet();
                if (!a.ok()) {
                    fail("desired " + a.status());
                    Thread.sleep(backoff);
                    backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
                    continue;
                }
                backoff = FIRST_BACKOFF_MILLIS;
                DesiredChange change = h.follow(a.body());
                if (since == null) {
                    if (measuring) {
                        immediate.recordValue(micros);
                    }
                } else if (change == null) {
                    heldTimeouts.incrementAndGet();
                } else if (measuring) {
                    notifies.add(new ChangeLog.Notify(h.hostId, change, sent, answered));
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                fail("desired " + rootName(e));
                try {
                    Thread.sleep(backoff);
                    backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** Takes what was recorded since the last call (the first call of a window discards the warm-up). */
    static Histogram take(Recorder r) {
        return r.getIntervalHistogram();
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }

    private void fail(String what) {
        if (!running) {
            return; // requests cut short by stop() are not failures of the server
        }
        failures.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static String rootName(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long d = nanoTime - System.nanoTime();
        if (d > 0) {
            TimeUnit.NANOSECONDS.sleep(d);
        }
    }
}
