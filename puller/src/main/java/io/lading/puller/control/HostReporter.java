package io.lading.puller.control;

import io.lading.puller.activate.Activator;
import io.lading.puller.activate.ModelState;
import io.lading.puller.daemon.CachedVersions;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.ModelStatus;
import io.lading.puller.daemon.SyncListener;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the heartbeat says about this host, gathered from the sync loop (as its {@link SyncListener}) and from the
 * cache itself: per followed model the active and previous version, the versions complete in the cache, the
 * loop's state, the last activation's outcome and the last health probe. Anything that changes what the rollout
 * would decide (a version cached, an activation tried, a new state) asks for a heartbeat at once through
 * {@code nudge}, so waves do not wait out a heartbeat interval.
 */
public final class HostReporter implements SyncListener {
    /** spec/control-plane.md: a heartbeat lists at most 64 cached versions per model. */
    private static final int MAX_CACHED = 64;
    private final Map<String, String> labels;
    private final List<DaemonConfig.Model> models;
    private final Activator activator;
    private final CachedVersions cachedVersions;
    private final Clock clock;
    private final Map<RepositoryName, HealthProbe> probes = new ConcurrentHashMap<>();
    private final Map<RepositoryName, ModelStatus> status = new ConcurrentHashMap<>();
    private final Map<RepositoryName, HostReport.ActivationResult> lastActivation = new ConcurrentHashMap<>();
    private final Map<RepositoryName, HostReport.HealthResult> health = new ConcurrentHashMap<>();
    /** Versions this host has had a reason to hold (pulled, prefetched, activated); reported when complete in the cache. */
    private final Map<RepositoryName, Set<Digest>> known = new ConcurrentHashMap<>();
    private volatile Runnable nudge = () -> { };

    public HostReporter(Map<String, String> labels, List<DaemonConfig.Model> models, Activator activator,
                        CachedVersions cachedVersions, Clock clock) {
        this.labels = Map.copyOf(labels);
        this.models = List.copyOf(models);
        this.activator = activator;
        this.cachedVersions = cachedVersions;
        this.clock = clock;
        for (DaemonConfig.Model m : models) {
            if (m.healthUrl() != null) {
                Duration timeout = m.healthTimeoutSeconds() == null ? HealthProbe.DEFAULT_TIMEOUT : Duration.ofSeconds(m.healthTimeoutSeconds());
                probes.put(m.repositoryName(), new HealthProbe(URI.create(m.healthUrl()), timeout));
            }
        }
    }

    /** Who to wake when something worth reporting happened (the heartbeat). */
    void onChange(Runnable nudge) {
        this.nudge = nudge;
    }

    @Override
    public void status(ModelStatus s) {
        RepositoryName model = RepositoryName.parse(s.model());
        ModelStatus before = status.put(model, s);
        if (before == null || !before.state().equals(s.state()) || !java.util.Objects.equals(before.active(), s.active())) {
            nudge.run();
        }
    }

    @Override
    public void activated(RepositoryName model, Digest version, String error) {
        lastActivation.put(model, new HostReport.ActivationResult(version.toString(), error == null, error, clock.instant().toString()));
        remember(model, version);
        if (error == null) {
            // A new version serves now: the last probe said nothing about it.
            health.remove(model);
        }
        nudge.run();
    }

    @Override
    public void cached(RepositoryName model, Digest version) {
        if (remember(model, version)) {
            nudge.run();
        }
    }

    private boolean remember(RepositoryName model, Digest version) {
        return known.computeIfAbsent(model, m -> ConcurrentHashMap.newKeySet()).add(version);
    }

    /** The heartbeat body now; probes each active model's health URL first (on the caller's thread). */
    public HostReport report() {
        List<ModelState> onDisk = activator.models();
        List<HostReport.ModelReport> out = new ArrayList<>();
        for (DaemonConfig.Model m : models) {
            RepositoryName model = m.repositoryName();
            Optional<Digest> active = activator.current(model);
            Optional<Digest> previous = activator.previous(model);
            HealthProbe probe = probes.get(model);
            if (probe != null && active.isPresent()) {
                health.put(model, probe.probe(clock));
            }
            ModelStatus s = status.get(model);
            out.add(new HostReport.ModelReport(model.value(), m.channelName(), active.map(Digest::toString).orElse(null),
                    previous.map(Digest::toString).orElse(null), cached(model, active, previous, onDisk),
                    s == null ? "idle" : wireState(s.state()), s == null ? null : s.lastError(),
                    lastActivation.get(model), active.isPresent() ? health.get(model) : null));
        }
        return new HostReport(labels, out);
    }

    /** Complete versions, those the control plane cares most about first, at most {@link #MAX_CACHED} (the contract's limit). */
    private List<String> cached(RepositoryName model, Optional<Digest> active, Optional<Digest> previous, List<ModelState> onDisk) {
        Set<Digest> candidates = new LinkedHashSet<>();
        active.ifPresent(candidates::add);
        previous.ifPresent(candidates::add);
        candidates.addAll(new TreeSet<>(known.getOrDefault(model, Set.of())));
        onDisk.stream().filter(s -> s.name().equals(model)).forEach(s -> s.versions().forEach(v -> candidates.add(v.manifest())));
        return candidates.stream().filter(cachedVersions::complete).limit(MAX_CACHED).map(Digest::toString).toList();
    }

    /** The contract's states; a version the trust policy refused is a failure to the control plane. */
    private static String wireState(String daemonState) {
        return switch (daemonState) {
            case "idle", "pulling", "verifying", "activating", "failed" -> daemonState;
            default -> "failed";
        };
    }
}
