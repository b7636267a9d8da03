package io.lading.registry.control;

import io.lading.registry.audit.AuditLog;
import io.lading.registry.channel.Channels;
import io.lading.registry.config.ControlPlaneConfig;
import io.lading.registry.db.ChannelDao;
import io.lading.registry.db.Database;
import io.lading.registry.db.FleetDao;
import io.lading.registry.db.RolloutDao;
import io.lading.registry.fleet.DesiredNotifier;
import io.lading.registry.fleet.Fleet;
import io.lading.registry.fleet.HostState;
import io.lading.registry.manifest.ManifestService;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.registry.rollout.DesiredStates;
import io.lading.registry.rollout.Rollout;
import io.lading.registry.rollout.RolloutProgress;
import io.lading.registry.rollout.RolloutState;
import io.lading.registry.rollout.Rollouts;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's parts, wired together, and its ticker: every tick marks silent hosts lost, steps
 * every unfinished rollout, and refreshes the metrics. State is loaded from PostgreSQL at start, so a
 * restarted registry carries on where it was.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    private static final List<String> STATES = Arrays.stream(RolloutState.values()).map(RolloutState::id).toList();

    private final DesiredNotifier notifier = new DesiredNotifier();
    private final Fleet fleet;
    private final Channels channels;
    private final Rollouts rollouts;
    private final DesiredStates desired;
    private final RegistryMetrics metrics;
    private final ScheduledExecutorService ticker;
    /** Writes the fleet on its own thread, so a slow database delays neither ticks nor heartbeats. */
    private final ScheduledExecutorService flusher;

    private ControlPlane(Database db, ManifestService manifests, AuditLog audit, RegistryMetrics metrics, ControlPlaneConfig config) {
        Clock clock = Clock.systemUTC();
        this.metrics = metrics;
        this.fleet = new Fleet(db, new FleetDao(), audit, notifier, clock, config.hostLostAfter());
        this.channels = new Channels(db, new ChannelDao());
        this.rollouts = new Rollouts(db, new RolloutDao(), fleet, channels, manifests, audit, notifier, clock, config.prefetchTimeout());
        this.desired = new DesiredStates(channels, rollouts);
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rollout-ticker").factory());
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fleet-flusher").factory());
    }

    public static ControlPlane start(Database db, ManifestService manifests, AuditLog audit, RegistryMetrics metrics,
                                     ControlPlaneConfig config) {
        ControlPlane c = new ControlPlane(db, manifests, audit, metrics, config);
        c.fleet.load();
        c.channels.load();
        c.rollouts.load();
        long period = config.rolloutTick().toMillis();
        c.ticker.scheduleWithFixedDelay(c::tick, period, period, TimeUnit.MILLISECONDS);
        long flush = Fleet.FLUSH_PERIOD.toMillis();
        c.flusher.scheduleWithFixedDelay(c.fleet::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
        return c;
    }

    void tick() {
        try {
            // Desired state does not depend on whether a host is lost, so marking one wakes no poll.
            fleet.markLost();
            rollouts.tick();
            refreshMetrics();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("control-plane tick failed; retrying at the next tick");
        }
    }

    private void refreshMetrics() {
        long lost = fleet.unordered().stream().filter(HostState::lost).count();
        metrics.fleet(fleet.unordered().size() - lost, lost);
        metrics.rollouts(rollouts.live().stream().map(this::gauges).toList());
    }

    private RegistryMetrics.RolloutGauges gauges(Rollout r) {
        var progress = RolloutProgress.of(r, h -> fleet.host(h).orElse(null));
        return new RegistryMetrics.RolloutGauges(r.wireId(), r.model().value(), r.state().id(), STATES, r.currentWave(), progress.hostStatus());
    }

    public Fleet fleet() {
        return fleet;
    }

    public Channels channels() {
        return channels;
    }

    public Rollouts rollouts() {
        return rollouts;
    }

    public DesiredStates desired() {
        return desired;
    }

    public DesiredNotifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        flusher.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The heartbeats since the last flush: a clean stop loses none.
        fleet.flushQuietly();
        // Wake held long polls so they answer now instead of holding the HTTP server's shutdown.
        notifier.close();
    }
}
