package io.lading.registry.http;

import io.lading.registry.channel.ChannelPointer;
import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.ModelReport;
import io.lading.registry.fleet.ReportJson;
import io.lading.registry.rollout.DesiredStates;
import io.lading.registry.rollout.Rollout;
import io.lading.registry.rollout.RolloutEvent;
import io.lading.registry.rollout.RolloutHost;
import io.lading.registry.rollout.RolloutProgress;
import io.lading.registry.rollout.Wave;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** The JSON bodies the control plane answers with, field for field as spec/control-plane.md shows them. */
final class ControlWire {
    private ControlWire() {
    }

    static Map<String, Object> desired(DesiredStates.Desired d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostId", d.hostId());
        m.put("generation", d.generation());
        m.put("models", d.models().stream().map(x -> {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("model", x.model().value());
            w.put("channel", x.channel().value());
            w.put("active", str(x.active()));
            w.put("prefetch", x.prefetch().stream().map(Digest::toString).toList());
            w.put("rollout", x.rollout());
            w.put("rollback", x.rollback());
            return w;
        }).toList());
        return m;
    }

    static Map<String, Object> host(HostState h, Predicate<RepositoryName> visible) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostId", h.id().value());
        m.put("labels", h.labels().values());
        m.put("firstSeen", h.firstSeen().toString());
        m.put("lastSeen", h.lastSeen().toString());
        m.put("lost", h.lost());
        m.put("models", h.models().values().stream().filter(r -> visible.test(r.model())).map(ReportJson::wire).toList());
        return m;
    }

    static Map<String, Object> channel(ChannelPointer p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", p.model().value());
        m.put("channel", p.channel().value());
        m.put("version", p.version().toString());
        m.put("movedAt", p.movedAt().toString());
        m.put("movedBy", p.movedBy());
        m.put("reason", p.reason());
        return m;
    }

    static Map<String, Object> historyEntry(ChannelPointer p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", p.version().toString());
        m.put("movedAt", p.movedAt().toString());
        m.put("movedBy", p.movedBy());
        m.put("reason", p.reason());
        return m;
    }

    static Map<String, Object> rollout(Rollout r, Function<HostId, HostState> hosts, List<RolloutEvent> events) {
        RolloutProgress p = RolloutProgress.of(r, hosts);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.wireId());
        m.put("model", r.model().value());
        m.put("channel", r.channel().value());
        m.put("target", r.target().toString());
        m.put("targetRef", r.targetRef());
        m.put("state", r.state().id());
        m.put("createdAt", r.createdAt().toString());
        m.put("createdBy", r.createdBy());
        m.put("finishedAt", str(r.finishedAt()));
        m.put("selector", r.selector().values());
        m.put("onFailure", r.onFailure().id());
        m.put("prefetch", Map.of("hosts", r.hosts().size(), "done", p.prefetchDone()));
        m.put("currentWave", r.currentWave());
        List<Object> waves = new ArrayList<>();
        for (Wave w : r.waves()) {
            var c = p.waves().getOrDefault(w.index(), new RolloutProgress.WaveCounts(0, 0, 0, 0));
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", w.index());
            x.put("count", w.spec().count());
            x.put("percent", w.spec().percent());
            x.put("label", w.spec().label() == null ? null : w.spec().label().values());
            x.put("hosts", w.hosts());
            x.put("activated", c.activated());
            x.put("healthy", c.healthy());
            x.put("failed", c.failed());
            x.put("lost", c.lost());
            x.put("maxFailures", w.spec().maxFailures());
            x.put("bakeSeconds", w.spec().bakeSeconds());
            x.put("state", w.state());
            x.put("activatedAt", str(w.activatedAt()));
            x.put("healthySince", str(w.healthySince()));
            x.put("bakedAt", str(w.bakedAt()));
            waves.add(x);
        }
        m.put("waves", waves);
        m.put("versions", p.versions());
        List<Object> failed = new ArrayList<>();
        for (RolloutHost h : r.hosts().values()) {
            if (h.failed()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("hostId", h.host().value());
                f.put("wave", h.wave());
                f.put("reason", h.failedReason());
                f.put("at", str(h.failedAt()));
                failed.add(f);
            }
        }
        m.put("failedHosts", failed);
        if (events != null) {
            m.put("events", events.stream().map(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("at", e.at().toString());
                x.put("event", e.event());
                x.put("by", e.actor());
                x.put("detail", e.detail());
                return x;
            }).toList());
        }
        return m;
    }

    /** Per model, hosts by active version ("none" when nothing is active). */
    static Map<String, Map<String, Integer>> byVersion(List<HostState> hosts, Predicate<RepositoryName> visible) {
        Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
        for (HostState h : hosts) {
            for (ModelReport r : h.models().values()) {
                if (visible.test(r.model())) {
                    out.computeIfAbsent(r.model().value(), k -> new java.util.TreeMap<>())
                            .merge(r.active() == null ? RolloutProgress.NONE : r.active().toString(), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
