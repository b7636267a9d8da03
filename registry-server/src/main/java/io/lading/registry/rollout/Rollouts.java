package io.lading.registry.rollout;

import io.lading.registry.audit.AuditLog;
import io.lading.registry.channel.ChannelName;
import io.lading.registry.channel.ChannelPointer;
import io.lading.registry.channel.Channels;
import io.lading.registry.db.Database;
import io.lading.registry.db.RolloutDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.DesiredNotifier;
import io.lading.registry.fleet.Fleet;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import io.lading.registry.manifest.ManifestService;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, steps and steers rollouts, and moves channels. Every change is persisted in one transaction
 * (rollout, waves, hosts, events, and the channel when a rollout completes) before the in-memory copy that
 * desired state reads is replaced; then the affected hosts' long polls are woken, and only then audited.
 * Changes are serialised by one lock: they are rare (a tick a second, operators' actions), and one order
 * makes conflicts exact.
 */
public final class Rollouts {
    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    /** Completed rollouts stay in memory this long, for the metrics; they no longer affect desired state. */
    private static final Duration KEEP_FINISHED = Duration.ofHours(1);

    private final Database db;
    private final RolloutDao dao;
    private final Fleet fleet;
    private final Channels channels;
    private final ManifestService manifests;
    private final AuditLog audit;
    private final DesiredNotifier notifier;
    private final Clock clock;
    private final Duration prefetchTimeout;
    private final Object lock = new Object();
    /** Unfinished rollouts, aborted/rolled-back ones that still pin hosts, and recently completed ones. */
    private final ConcurrentHashMap<Long, Rollout> live = new ConcurrentHashMap<>();

    public Rollouts(Database db, RolloutDao dao, Fleet fleet, Channels channels, ManifestService manifests, AuditLog audit,
                    DesiredNotifier notifier, Clock clock, Duration prefetchTimeout) {
        this.db = db;
        this.dao = dao;
        this.fleet = fleet;
        this.channels = channels;
        this.manifests = manifests;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
        this.prefetchTimeout = prefetchTimeout;
    }

    public void load() {
        db.transaction(dao::loadLive).forEach(r -> live.put(r.id(), r));
    }

    public Collection<Rollout> live() {
        return live.values();
    }

    public Rollout start(RolloutRequest req, String actor, String remote) {
        Digest target = resolve(req.model(), req.target());
        synchronized (lock) {
            List<HostState> targeted = fleet.unordered().stream().filter(h -> !h.lost() && h.labels().includes(req.selector()))
                    .filter(h -> h.report(req.model()) != null && h.report(req.model()).channel().equals(req.channel())).toList();
            if (targeted.isEmpty()) {
                throw new RegistryFailure.Invalid("no live host with labels " + req.selector().values() + " reports " + req.model()
                        + " on channel " + req.channel() + "; hosts register with PUT /lading/v1/hosts/<id>");
            }
            Set<HostId> ids = new HashSet<>();
            targeted.forEach(h -> ids.add(h.id()));
            checkConflict(req, ids);
            Instant now = clock.instant();
            Rollout draft = new Rollout(0, req.model(), req.channel(), target, req.target().toString(), req.selector(), req.onFailure(),
                    RolloutState.PREFETCHING, 0, now, actor, null, null, List.of(), Map.of());
            RolloutEvent started = new RolloutEvent(now, "started", actor, req.reason());
            Rollout planned = db.transaction(tx -> {
                long id = dao.insert(tx, draft);
                Rollout r = plan(draft, id, targeted, req.waves());
                dao.insertPlan(tx, r);
                dao.insertEvents(tx, id, List.of(started));
                return r;
            });
            live.put(planned.id(), planned);
            // Wake first: the audit write is a transaction of its own, and the hosts need not wait for it.
            notifier.wake(planned.hosts().keySet());
            audit(planned, started, remote);
            return planned;
        }
    }

    private static Rollout plan(Rollout draft, long id, List<HostState> targeted, List<WaveSpec> specs) {
        Map<HostId, HostState> byId = new LinkedHashMap<>();
        targeted.forEach(h -> byId.put(h.id(), h));
        List<HostId> ordered = HostOrder.of(new ArrayList<>(byId.keySet()), id);
        Map<HostId, Integer> assignment = WavePlanner.plan(ordered, h -> byId.get(h).labels(), specs);
        Map<HostId, RolloutHost> hosts = new LinkedHashMap<>();
        assignment.forEach((h, wave) -> hosts.put(h, new RolloutHost(h, wave, byId.get(h).report(draft.model()).active(), null, null)));
        List<Wave> waves = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int index = i + 1;
            int count = (int) assignment.values().stream().filter(w -> w == index).count();
            waves.add(new Wave(index, specs.get(i), count, null, null, null));
        }
        return new Rollout(id, draft.model(), draft.channel(), draft.target(), draft.targetRef(), draft.selector(), draft.onFailure(),
                draft.state(), 0, draft.createdAt(), draft.createdBy(), null, null, waves, hosts);
    }

    /** Same model and channel, and a selector that is equal, a subset or a superset, or any host in common. */
    private void checkConflict(RolloutRequest req, Set<HostId> targeted) {
        for (Rollout r : live.values()) {
            if (!r.state().unfinished() || !r.model().equals(req.model()) || !r.channel().equals(req.channel())) {
                continue;
            }
            boolean nested = r.selector().includes(req.selector()) || req.selector().includes(r.selector());
            boolean shared = r.hosts().keySet().stream().anyMatch(targeted::contains);
            if (nested || shared) {
                throw new RegistryFailure.RolloutConflict(r.wireId(), "rollout " + r.wireId() + " of " + r.model() + " on channel "
                        + r.channel() + " is " + r.state().id() + " and covers " + (nested ? "an overlapping selector " + r.selector().values()
                        : "some of the same hosts") + "; pause and abort it, or wait for it to finish");
            }
        }
    }

    public Rollout act(long id, String action, String actor, String reason, String remote) {
        synchronized (lock) {
            Rollout r = find(id);
            var step = RolloutEngine.act(r, action, actor, reason, clock.instant());
            return commit(r, step, remote);
        }
    }

    /** One tick of every unfinished rollout; a failure in one is logged and retried at the next tick. */
    public void tick() {
        synchronized (lock) {
            Instant now = clock.instant();
            for (Rollout r : List.copyOf(live.values())) {
                if (!r.state().unfinished()) {
                    if (r.state() == RolloutState.COMPLETED && r.finishedAt().isBefore(now.minus(KEEP_FINISHED))) {
                        live.remove(r.id());
                    }
                    continue;
                }
                try {
                    var step = RolloutEngine.tick(r, h -> fleet.host(h).orElse(null), now, prefetchTimeout);
                    if (step.changed(r)) {
                        commit(r, step, null);
                    }
                } catch (RuntimeException e) {
                    log.atWarn().setCause(e).addKeyValue("rollout", r.wireId()).log("rollout step failed; retrying at the next tick");
                }
            }
        }
    }

    private Rollout commit(Rollout before, RolloutEngine.Step step, String remote) {
        Rollout after = step.next();
        boolean completes = after.state() == RolloutState.COMPLETED && before.state() != RolloutState.COMPLETED;
        ChannelPointer moved = completes ? new ChannelPointer(after.model(), after.channel(), after.target(), after.finishedAt(),
                RolloutEngine.SYSTEM, "rollout " + after.wireId()) : null;
        db.transaction(tx -> {
            dao.update(tx, before, after);
            dao.insertEvents(tx, after.id(), step.events());
            if (moved != null) {
                channels.write(tx, moved);
            }
            return null;
        });
        live.put(after.id(), after);
        // Wake the polls before the audit writes, each a transaction of its own: hosts learn of a step at once.
        if (moved != null) {
            published(moved);
        }
        if (before.state() != after.state() || before.currentWave() != after.currentWave()) {
            notifier.wake(after.hosts().keySet());
        }
        step.events().forEach(e -> audit(after, e, remote));
        if (moved != null) {
            audit.record(new AuditLog.Event(RolloutEngine.SYSTEM, "channel.move", after.model() + " channel " + after.channel(), "ok",
                    remote, after.target() + " (" + moved.reason() + ")"));
        }
        return after;
    }

    /** Moves a channel by hand; refused while an unfinished rollout of that model and channel exists. */
    public ChannelPointer moveChannel(RepositoryName model, ChannelName channel, Reference version, String actor, String reason,
                                      String remote) {
        Digest target = resolve(model, version);
        synchronized (lock) {
            for (Rollout r : live.values()) {
                if (r.state().unfinished() && r.model().equals(model) && r.channel().equals(channel)) {
                    throw new RegistryFailure.RolloutConflict(r.wireId(), "rollout " + r.wireId() + " is moving " + model + " channel "
                            + channel + " (" + r.state().id() + "); abort it before moving the channel by hand");
                }
            }
            Optional<ChannelPointer> current = channels.current(model, channel);
            if (current.isPresent() && current.get().version().equals(target)) {
                return current.get();
            }
            ChannelPointer p = new ChannelPointer(model, channel, target, clock.instant(), actor, reason);
            db.transaction(tx -> {
                channels.write(tx, p);
                return null;
            });
            published(p);
            audit.record(new AuditLog.Event(actor, "channel.move", model + " channel " + channel, "ok", remote,
                    target + (reason == null ? "" : " (" + reason + ")")));
            return p;
        }
    }

    /** A committed channel move: publish it, drop the pins it ends, and wake every host (any may be on that channel). */
    private void published(ChannelPointer p) {
        channels.published(p);
        live.values().removeIf(r -> (r.state() == RolloutState.ABORTED || r.state() == RolloutState.ROLLED_BACK)
                && r.model().equals(p.model()) && r.channel().equals(p.channel()) && !r.finishedAt().isAfter(p.movedAt()));
        notifier.wakeAll();
    }

    public Rollout find(long id) {
        Rollout r = live.get(id);
        if (r != null) {
            return r;
        }
        return db.transaction(tx -> dao.find(tx, id)).orElseThrow(() -> new RegistryFailure.RolloutUnknown(Rollout.ID_PREFIX + id));
    }

    public List<Rollout> list(RepositoryName model, RolloutState state, int limit) {
        return db.transaction(tx -> dao.list(tx, model, state, limit));
    }

    public List<RolloutEvent> events(long id) {
        return db.transaction(tx -> dao.events(tx, id));
    }

    private Digest resolve(RepositoryName model, Reference ref) {
        // A tag is resolved now, once: the rollout keeps the digest even if the tag moves later.
        return manifests.get(model, ref).digest();
    }

    private void audit(Rollout r, RolloutEvent e, String remote) {
        audit.record(new AuditLog.Event(e.actor(), "rollout." + e.event(), r.wireId() + " " + r.model() + " channel " + r.channel(),
                "ok", remote, e.detail()));
    }
}
