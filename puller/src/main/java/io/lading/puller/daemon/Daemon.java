package io.lading.puller.daemon;

import io.lading.puller.activate.Activation;
import io.lading.puller.activate.Activator;
import io.lading.puller.cache.BlobCache;
import io.lading.puller.pull.ModelPuller;
import io.lading.puller.pull.PullListener;
import io.lading.puller.trust.Mode;
import io.lading.puller.trust.Verdict;
import io.lading.puller.trust.VersionCheck;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.RepositoryName;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop on each GPU host: ask the desired state what to run, pull what is missing into the cache (verified,
 * pinned while it waits), activate it, and keep serving the active version whatever fails. A failed pull or
 * activation leaves {@code current} as it was and is tried again at the next change or poll. Between pull and
 * activation the {@link VersionCheck} (the trust policy) decides: a version it rejects is never activated.
 */
public final class Daemon {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    /** Pin owners of versions the control plane asked to prefetch; one per version. */
    private static final String PREFETCH_PIN = "prefetch-version ";

    private final DesiredState desired;
    private final ModelPuller puller;
    private final BlobCache cache;
    private final Activator activator;
    private final PullerMetrics metrics;
    private final Clock clock;
    private final VersionCheck check;
    private final Map<RepositoryName, ModelStatus> status = new ConcurrentHashMap<>();
    /** The trust policy's last verdict per model, shown in /status until the next one. */
    private final Map<RepositoryName, String> signatures = new ConcurrentHashMap<>();
    /** The last refusal per model (version and reason), so a refusal repeated every poll is counted and logged once. */
    private final Map<RepositoryName, String> refusals = new ConcurrentHashMap<>();
    private final SyncListener listener;
    private final CachedVersions cachedVersions;
    /**
     * Prefetches in flight, one per version. They run beside the sync loop: a rollout's prefetch of hundreds of GB
     * must not hold up an activation, a rollback or another model's change until it is done.
     */
    private final Map<Digest, Future<?>> prefetching = new ConcurrentHashMap<>();
    private final ExecutorService prefetchers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private volatile boolean stopping;

    Daemon(DesiredState desired, ModelPuller puller, BlobCache cache, Activator activator, PullerMetrics metrics, Clock clock,
           VersionCheck check) {
        this(desired, puller, cache, activator, metrics, clock, check, SyncListener.NONE);
    }

    Daemon(DesiredState desired, ModelPuller puller, BlobCache cache, Activator activator, PullerMetrics metrics, Clock clock,
           VersionCheck check, SyncListener listener) {
        this.listener = listener;
        this.cachedVersions = new CachedVersions(cache);
        this.check = check;
        this.desired = desired;
        this.puller = puller;
        this.cache = cache;
        this.activator = activator;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs until interrupted: sync, wait for a change, sync again. */
    void run() {
        running = true;
        try {
            while (!stopping) {
                syncOnce();
                if (!stopping) {
                    desired.awaitChange();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            prefetchers.shutdownNow(); // interrupted pulls keep their verified chunks for the next start
            running = false;
        }
    }

    /** Asks the loop to end; the caller interrupts its thread too, which cuts a pull or a wait short. */
    void stop() {
        stopping = true;
    }

    boolean running() {
        return running;
    }

    /** One pass over every target. Returns true when every model runs its desired version. */
    boolean syncOnce() throws InterruptedException {
        List<Target> targets;
        try {
            targets = desired.targets();
        } catch (Exception e) {
            // The registry or control plane is away: keep serving what is active and say so.
            LOG.warning("cannot learn the desired state, keeping the active versions: " + e.getMessage());
            status.replaceAll((model, s) -> withError(s, "desired state unavailable: " + e.getMessage()));
            metrics.failed();
            return false;
        }
        boolean allDone = true;
        for (Target t : targets) {
            allDone &= sync(t);
        }
        for (Target t : targets) {
            allDone &= prefetch(t);
        }
        unpinPrefetchesNoLongerWanted(targets);
        metrics.active(statuses());
        return allDone;
    }

    private boolean sync(Target t) throws InterruptedException {
        String pin = "prefetch:" + t.model().value();
        Optional<String> active = activator.current(t.model()).map(Object::toString);
        if (t.version().isEmpty() || active.equals(t.version().map(Object::toString))) {
            // No opinion (the control plane says keep what is active), or already there.
            refusals.remove(t.model());
            record(t, "idle", null);
            return true;
        }
        Digest version = t.version().get();
        try {
            if (!cachedVersions.complete(version)) {
                // A version complete in the cache (a rollback, a prefetched rollout target) activates without fetching.
                record(t, "pulling", null);
                puller.pull(t.model(), new DigestReference(version), pin, PullListener.NONE);
                listener.cached(t.model(), version);
            }
            record(t, "verifying", null);
            // A rollback goes one step back, to this host's own previous version, never further: refuseOlder
            // is waived for that one only, whatever the control plane says.
            boolean rollback = t.rollback() && activator.previous(t.model()).equals(Optional.of(version));
            Verdict verdict = rollback ? check.checkRollback(t.model(), t.tag(), version) : check.check(t.model(), t.tag(), version);
            signatures.put(t.model(), verdict.summary());
            if (!verdict.permitsActivation()) {
                cache.unpin(pin);
                refuse(t, verdict);
                return false;
            }
            refusals.remove(t.model());
            if (verdict instanceof Verdict.Waived w && w.mode() == Mode.WARN) {
                metrics.signature("warnings", t.model().value(), w.rule());
                LOG.warning("activating " + t.model() + "@" + version + " although it is " + verdict.summary());
            }
            record(t, "activating", null);
            check.activating(t.model(), version, verdict);
            Activation a;
            try {
                a = activator.activate(t.model(), version, t.hook());
            } catch (RuntimeException e) {
                listener.activated(t.model(), version, e.getMessage());
                throw e;
            }
            cache.unpin(pin);
            metrics.activated();
            listener.activated(t.model(), version, null);
            LOG.info("activated " + t.model() + "@" + a.current() + (a.previous().map(p -> " (previous " + p + ")").orElse("")));
            record(t, "idle", null);
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            metrics.failed();
            LOG.log(Level.WARNING, "syncing " + t.model() + " to " + version + " failed; the active version stays: " + e.getMessage());
            record(t, "failed", e.getMessage());
            return false;
        }
    }

    /** The policy refused the version: it is never activated; current stays, and /status, metrics and logs say why. */
    private void refuse(Target t, Verdict verdict) {
        String reason = t.model() + "@" + t.version().map(Object::toString).orElse("") + " " + verdict.summary();
        if (!reason.equals(refusals.put(t.model(), reason))) {
            metrics.signature("rejections", t.model().value(), verdict.rule());
            LOG.warning("not activating " + reason + "; the active version stays");
        }
        record(t, "rejected", verdict.summary());
        t.version().ifPresent(v -> listener.activated(t.model(), v, "not activated: " + verdict.summary()));
    }

    /**
     * Starts pulling, in the background, each version the target wants held in the cache ahead of activation,
     * pinned under its own owner so eviction cannot undo the prefetch before the rollout reaches this host. Returns
     * true when all are in; a failed prefetch is started again at the next pass.
     */
    private boolean prefetch(Target t) {
        boolean all = true;
        for (Digest version : t.prefetch()) {
            String owner = prefetchPin(version);
            try {
                if (cachedVersions.complete(version) && cache.pinOwners().contains(owner)) {
                    listener.cached(t.model(), version);
                    continue;
                }
            } catch (java.io.IOException e) {
                LOG.warning("cannot read the pins of " + version + "; prefetching it: " + e.getMessage());
            }
            all = false;
            // A finished one may still sit here for an instant (it removes itself last): start it again then.
            prefetching.compute(version, (v, running) -> running != null && !running.isDone() ? running
                    : prefetchers.submit(() -> prefetchNow(t, v, owner)));
        }
        return all;
    }

    private void prefetchNow(Target t, Digest version, String owner) {
        try {
            puller.pull(t.model(), new DigestReference(version), owner, PullListener.NONE);
            listener.cached(t.model(), version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping, or no longer wanted
        } catch (Exception e) {
            metrics.failed();
            LOG.log(Level.WARNING, "prefetching " + t.model() + "@" + version + " failed; will try again: " + e.getMessage());
            record(t, "failed", "prefetching " + version + " failed: " + e.getMessage());
        } finally {
            prefetching.remove(version);
        }
    }

    /** Drops the prefetch pins of versions no target asks for any more (a finished or rolled back rollout). */
    private void unpinPrefetchesNoLongerWanted(List<Target> targets) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        targets.forEach(t -> t.prefetch().forEach(v -> wanted.add(prefetchPin(v))));
        prefetching.forEach((version, running) -> {
            if (!wanted.contains(prefetchPin(version))) {
                running.cancel(true); // its chunks stay in partial/ should the version be wanted again
            }
        });
        try {
            for (String owner : cache.pinOwners()) {
                if (owner.startsWith(PREFETCH_PIN) && !wanted.contains(owner)) {
                    cache.unpin(owner);
                }
            }
        } catch (java.io.IOException e) {
            LOG.warning("cannot drop unneeded prefetch pins (they stay until the next pass): " + e.getMessage());
        }
    }

    /** A version's own pin owner: one version may be prefetched for a rollout while another is being activated. */
    private static String prefetchPin(Digest version) {
        return PREFETCH_PIN + version;
    }

    private void record(Target t, String state, String error) {
        String active = activator.current(t.model()).map(Object::toString).orElse(null);
        ModelStatus s = new ModelStatus(t.model().value(), state, active,
                activator.previous(t.model()).map(Object::toString).orElse(null),
                t.version().map(Object::toString).orElse(active), error, clock.instant().toString(), signatures.get(t.model()));
        status.put(t.model(), s);
        listener.status(s);
    }

    private ModelStatus withError(ModelStatus s, String error) {
        return new ModelStatus(s.model(), s.state(), s.active(), s.previous(), s.desired(), error, clock.instant().toString(),
                s.signature());
    }

    List<ModelStatus> statuses() {
        return status.values().stream().sorted(java.util.Comparator.comparing(ModelStatus::model)).toList();
    }
}
