package io.lading.puller.control;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Registers the host and then heartbeats every {@code interval} (spec/control-plane.md: {@code PUT
 * /lading/v1/hosts/{hostId}}), at once when the reporter says something changed. A control plane that is away
 * is retried with {@link Backoff}; the daemon meanwhile serves what is active. Runs on its own thread until closed.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    /** The first retry after a failed heartbeat; doubling up to the interval keeps a returning registry from a stampede. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);

    private final ControlPlaneClient client;
    private final HostReporter reporter;
    private final Duration interval;
    private final Backoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean registered;

    public Heartbeat(ControlPlaneClient client, HostReporter reporter, Duration interval) {
        this.client = client;
        this.reporter = reporter;
        this.interval = interval;
        this.backoff = new Backoff(FIRST_RETRY.compareTo(interval) < 0 ? FIRST_RETRY : interval, interval.multipliedBy(6));
        reporter.onChange(this::now);
        this.thread = Thread.ofPlatform().daemon().name("lading-heartbeat").start(this::run);
    }

    /** Sends a heartbeat as soon as the current one (if any) is done. */
    public void now() {
        wake.release();
    }

    /** True once the control plane has accepted a heartbeat from this process. */
    public boolean registered() {
        return registered;
    }

    private void run() {
        String lastFailure = null;
        while (!closed) {
            Duration wait;
            try {
                client.heartbeat(reporter.report());
                registered = true;
                backoff.reset();
                if (lastFailure != null) {
                    LOG.info("heartbeats reach the control plane again");
                    lastFailure = null;
                }
                wait = interval;
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                    LOG.warning("heartbeat to the control plane failed; retrying with backoff: " + e.getMessage());
                    lastFailure = String.valueOf(e.getMessage());
                }
                wait = backoff.next();
            }
            try {
                if (wake.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits(); // several changes at once need one heartbeat, not several
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
