package io.lading.registry.rollout;

import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rollout state machine as pure functions of (rollout, hosts' reports, now): the ticker's step and the
 * operator's actions. No I/O, so every rule can be read in one place (spec/control-plane.md, Progress).
 */
public final class RolloutEngine {
    public static final String SYSTEM = "system";

    private RolloutEngine() {
    }

    /** A new rollout value and what happened; {@code next == before} when nothing did. */
    public record Step(Rollout next, List<RolloutEvent> events) {
        public boolean changed(Rollout before) {
            return !next.equals(before);
        }
    }

    /** One tick: finish prefetching, record new failures, then (when advancing) apply the budget, bake and advance. */
    public static Step tick(Rollout r, Function<HostId, HostState> hosts, Instant now, Duration prefetchTimeout) {
        List<RolloutEvent> events = new ArrayList<>();
        if (r.state() == RolloutState.PREFETCHING) {
            r = prefetch(r, hosts, now, prefetchTimeout, events);
        }
        // After prefetch, so a wave activated in this tick has its failures recorded before it can bake.
        r = recordFailures(r, hosts, now, events);
        if (!r.state().advancing()) {
            return new Step(r, events);
        }
        Step budget = budget(r, now, events);
        if (budget != null) {
            return budget;
        }
        if (r.state() == RolloutState.RUNNING) {
            r = bake(r, hosts, now, events);
        }
        return new Step(r, events);
    }

    private static Rollout recordFailures(Rollout r, Function<HostId, HostState> hosts, Instant now, List<RolloutEvent> events) {
        Map<HostId, RolloutHost> updated = null;
        for (RolloutHost h : r.hosts().values()) {
            if (h.failed() || !r.activatedFor(h)) {
                continue;
            }
            var verdict = HostHealth.of(hosts.apply(h.host()), r.model(), r.target());
            if (verdict.status() == HostHealth.Status.FAILED) {
                if (updated == null) {
                    updated = new LinkedHashMap<>(r.hosts());
                }
                updated.put(h.host(), h.failed(verdict.reason(), now));
                events.add(new RolloutEvent(now, "host_failed", SYSTEM, h.host() + " (wave " + h.wave() + "): " + verdict.reason()));
            }
        }
        return updated == null ? r : r.withHosts(updated);
    }

    private static Rollout prefetch(Rollout r, Function<HostId, HostState> hosts, Instant now, Duration timeout, List<RolloutEvent> events) {
        List<RolloutHost> pending = r.hosts().values().stream().filter(h -> !h.failed()).filter(h -> {
            HostState s = hosts.apply(h.host());
            return s != null && !s.lost() && !HostHealth.cached(s, r.model(), r.target());
        }).toList();
        if (pending.isEmpty()) {
            return activate(r, 1, now, SYSTEM, "every live targeted host has cached " + r.target(), events);
        }
        if (Duration.between(r.createdAt(), now).compareTo(timeout) < 0) {
            return r;
        }
        Map<HostId, RolloutHost> updated = new LinkedHashMap<>(r.hosts());
        for (RolloutHost h : pending) {
            updated.put(h.host(), h.failed("prefetch timed out after " + timeout.toSeconds() + "s", now));
            events.add(new RolloutEvent(now, "host_failed", SYSTEM, h.host() + " (wave " + h.wave() + "): prefetch timed out"));
        }
        return activate(r.withHosts(updated), 1, now, SYSTEM, "prefetch timed out; " + pending.size() + " host(s) failed", events);
    }

    /** The failure budget: any wave with more counted failures than maxFailures triggers onFailure. */
    private static Step budget(Rollout r, Instant now, List<RolloutEvent> events) {
        for (Wave w : r.waves()) {
            long failed = r.hosts().values().stream().filter(h -> h.wave() == w.index() && h.failed())
                    .filter(h -> r.budgetSince() == null || !h.failedAt().isBefore(r.budgetSince())).count();
            if (failed > w.spec().maxFailures()) {
                String why = "wave " + w.index() + " has " + failed + " failed host(s), budget " + w.spec().maxFailures();
                if (r.onFailure() == OnFailure.ROLLBACK) {
                    events.add(new RolloutEvent(now, "rolled_back", SYSTEM, why));
                    return new Step(r.withState(RolloutState.ROLLED_BACK, now), events);
                }
                events.add(new RolloutEvent(now, "paused", SYSTEM, why));
                return new Step(r.withState(RolloutState.PAUSED, null), events);
            }
        }
        return null;
    }

    private static Rollout bake(Rollout r, Function<HostId, HostState> hosts, Instant now, List<RolloutEvent> events) {
        Wave w = r.wave(r.currentWave());
        if (w.hosts() == 0) {
            return advance(r, now, SYSTEM, "wave " + w.index() + " has no hosts", events);
        }
        boolean settled = r.hosts().values().stream().filter(h -> h.wave() == w.index()).allMatch(h -> h.failed()
                || HostHealth.of(hosts.apply(h.host()), r.model(), r.target()).status() != HostHealth.Status.WAITING);
        if (!settled) {
            return w.healthySince() == null ? r : r.withWave(w.healthySince(null));
        }
        Wave baking = w.healthySince() == null ? w.healthySince(now) : w;
        if (Duration.between(baking.healthySince(), now).toSeconds() < w.spec().bakeSeconds()) {
            return baking == w ? r : r.withWave(baking);
        }
        return advance(r.withWave(baking), now, SYSTEM, "wave " + w.index() + " baked", events);
    }

    /** Ends the current wave's bake: activates the next wave, or completes the rollout after the last. */
    private static Rollout advance(Rollout r, Instant now, String actor, String why, List<RolloutEvent> events) {
        Wave w = r.wave(r.currentWave());
        r = r.withWave(w.baked(now));
        if (r.currentWave() == r.waves().size()) {
            events.add(new RolloutEvent(now, "completed", actor, why));
            return r.withState(RolloutState.COMPLETED, now);
        }
        return activate(r, r.currentWave() + 1, now, actor, why, events);
    }

    private static Rollout activate(Rollout r, int k, Instant now, String actor, String why, List<RolloutEvent> events) {
        events.add(new RolloutEvent(now, "wave_activated", actor, "wave " + k + ": " + why));
        return r.withCurrentWave(k).withWave(r.wave(k).activated(now)).withState(RolloutState.RUNNING, null);
    }

    /** An operator's action; refused with ROLLOUT_STATE where the table of spec/control-plane.md does not allow it. */
    public static Step act(Rollout r, String action, String actor, String reason, Instant now) {
        List<RolloutEvent> events = new ArrayList<>();
        RolloutState s = r.state();
        Rollout next = switch (action) {
            case "pause" -> {
                require(s.advancing(), r, action);
                yield r.withState(RolloutState.PAUSED, null);
            }
            case "resume" -> {
                require(s == RolloutState.PAUSED, r, action);
                Rollout resumed = r.withBudgetSince(now).withState(r.currentWave() == 0 ? RolloutState.PREFETCHING : RolloutState.RUNNING, null);
                yield resumed.currentWave() == 0 ? resumed : resumed.withWave(resumed.wave(resumed.currentWave()).healthySince(null));
            }
            case "abort" -> {
                require(s.unfinished(), r, action);
                yield r.withState(RolloutState.ABORTED, now);
            }
            case "rollback" -> {
                require(s.unfinished() || s == RolloutState.ABORTED, r, action);
                yield r.withState(RolloutState.ROLLED_BACK, now);
            }
            case "promote" -> {
                require(s.advancing(), r, action);
                yield null;
            }
            default -> throw new RegistryFailure.Invalid("unknown rollout action '" + action + "'");
        };
        if (next == null) {
            String why = "promoted" + (reason == null ? "" : ": " + reason);
            next = r.currentWave() == 0 ? activate(r, 1, now, actor, why, events) : advance(r, now, actor, why, events);
            return new Step(next, events);
        }
        events.add(new RolloutEvent(now, next.state() == RolloutState.ROLLED_BACK ? "rolled_back" : action.equals("pause") ? "paused"
                : action.equals("resume") ? "resumed" : "aborted", actor, reason));
        return new Step(next, events);
    }

    private static void require(boolean allowed, Rollout r, String action) {
        if (!allowed) {
            throw new RegistryFailure.RolloutStateRefused(r.state().id(), "cannot " + action + " rollout " + r.wireId()
                    + ": it is " + r.state().id());
        }
    }
}
