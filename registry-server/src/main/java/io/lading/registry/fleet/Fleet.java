package io.lading.registry.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.db.Database;
import io.lading.registry.db.FleetDao;
import io.lading.spec.name.RepositoryName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * The registered hosts: heartbeats in, lost hosts marked. Memory is the truth while the registry runs: a
 * heartbeat answers once its effects are visible here (desired state and rollouts read only this map), and
 * {@link #flush()} writes the hosts that changed to PostgreSQL in one transaction, off the request path, every
 * {@link #FLUSH_PERIOD}. A restart therefore loses at most one flush period of heartbeats (spec/control-plane.md,
 * Storage and cost); a report is written only when it changed other than in its health probe's timestamp.
 */
public final class Fleet {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How often dirty hosts are written. One transaction per period instead of one per heartbeat: 1000 hosts
     * beating every 5 s were 200 transactions a second and overwhelmed the pool (issue 7, bench/control-plane).
     */
    public static final Duration FLUSH_PERIOD = Duration.ofMillis(500);

    private final Database db;
    private final FleetDao dao;
    private final AuditLog audit;
    private final DesiredNotifier notifier;
    private final Clock clock;
    private final Duration lostAfter;
    private final ConcurrentHashMap<String, HostState> hosts = new ConcurrentHashMap<>();
    /** Hosts changed since the last flush; marked after the change is in {@link #hosts}, so a flush never misses one. */
    private final ConcurrentHashMap<String, Dirty> dirty = new ConcurrentHashMap<>();
    /** One flush at a time: the flusher's and the one at close never interleave their writes. */
    private final Object flushing = new Object();

    public Fleet(Database db, FleetDao dao, AuditLog audit, DesiredNotifier notifier, Clock clock, Duration lostAfter) {
        this.db = db;
        this.dao = dao;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
        this.lostAfter = lostAfter;
    }

    /** What a flush must write for one host: always its row; its reports only when they changed. */
    private record Dirty(boolean reports, Set<String> dropped) {
        Dirty plus(Dirty later) {
            Set<String> all = new HashSet<>(dropped);
            all.addAll(later.dropped);
            return new Dirty(reports || later.reports, all);
        }
    }

    public Duration lostAfter() {
        return lostAfter;
    }

    /** Reads every host and report from the database; called once at start. */
    public void load() {
        var rows = db.transaction(tx -> new Object[] {dao.hosts(tx), dao.reports(tx)});
        @SuppressWarnings("unchecked") List<FleetDao.HostRow> hostRows = (List<FleetDao.HostRow>) rows[0];
        @SuppressWarnings("unchecked") List<FleetDao.ReportRow> reportRows = (List<FleetDao.ReportRow>) rows[1];
        Map<String, Map<RepositoryName, ModelReport>> reports = new HashMap<>();
        for (var r : reportRows) {
            ModelReport report = ReportJson.parse(r.reportJson());
            reports.computeIfAbsent(r.hostId(), h -> new LinkedHashMap<>()).put(report.model(), report);
        }
        for (var h : hostRows) {
            hosts.put(h.hostId(), new HostState(HostId.parse(h.hostId()), labels(h.labelsJson()), h.firstSeen(), h.lastSeen(),
                    h.lostAt(), reports.getOrDefault(h.hostId(), Map.of())));
        }
    }

    /**
     * Registers or refreshes a host with its full report, in memory; the next flush persists it. Heartbeats of
     * one host are applied one at a time (the map's per-key compute), different hosts in parallel, and none waits
     * for the database.
     */
    public HostState heartbeat(HostId id, Labels labels, List<ModelReport> reports, String actor, String remote) {
        Map<RepositoryName, ModelReport> models = new LinkedHashMap<>();
        for (ModelReport r : reports) {
            if (models.put(r.model(), r) != null) {
                throw new io.lading.registry.failure.RegistryFailure.Invalid("model " + r.model() + " is reported twice");
            }
        }
        HostState[] previous = new HostState[1];
        HostState next = hosts.compute(id.value(), (key, before) -> {
            previous[0] = before;
            Instant now = clock.instant();
            return new HostState(id, labels, before == null ? now : before.firstSeen(), now, null, models);
        });
        HostState before = previous[0];
        boolean reportsChanged = before == null || !sameReports(before.models(), models);
        Set<String> dropped = new HashSet<>();
        if (before != null) {
            before.models().keySet().stream().filter(m -> !models.containsKey(m)).forEach(m -> dropped.add(m.value()));
        }
        dirty.merge(id.value(), new Dirty(reportsChanged, dropped), Dirty::plus);
        if (before == null || !served(before).equals(served(next))) {
            notifier.wake(id);
        }
        if (before == null) {
            audit.record(new AuditLog.Event(actor, "host.register", "host " + id, "ok", remote, json(labels)));
        } else if (before.lost()) {
            audit.record(new AuditLog.Event(actor, "host.returned", "host " + id, "ok", remote, null));
        }
        return next;
    }

    /** Equal reports, ignoring when the health probe ran: that changes every beat and decides nothing. */
    private static boolean sameReports(Map<RepositoryName, ModelReport> a, Map<RepositoryName, ModelReport> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : b.entrySet()) {
            if (!withoutProbeTime(e.getValue()).equals(withoutProbeTime(a.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static ModelReport withoutProbeTime(ModelReport r) {
        if (r.health() == null) {
            return r;
        }
        return new ModelReport(r.model(), r.channel(), r.active(), r.previous(), r.cached(), r.state(), r.error(), r.lastActivation(),
                new ModelReport.Health(r.health().ok(), r.health().detail(), null));
    }

    /** Marks every live host silent for longer than lostAfter as lost, in memory; returns those it marked. */
    public List<HostId> markLost() {
        Instant now = clock.instant();
        Instant silentSince = now.minus(lostAfter);
        List<HostId> marked = new ArrayList<>();
        for (HostState h : hosts.values()) {
            if (h.lost() || !h.lastSeen().isBefore(silentSince)) {
                continue;
            }
            // computeIfPresent re-checks under the key's bin lock, which a heartbeat holds only for a map update.
            HostState after = hosts.computeIfPresent(h.id().value(), (key, current) ->
                    current.lost() || !current.lastSeen().isBefore(silentSince) ? current
                            : new HostState(current.id(), current.labels(), current.firstSeen(), current.lastSeen(), now, current.models()));
            if (after != null && now.equals(after.lostAt())) {
                dirty.merge(after.id().value(), new Dirty(false, Set.of()), Dirty::plus);
                marked.add(after.id());
            }
        }
        for (HostId id : marked) {
            audit.record(new AuditLog.Event("system", "host.lost", "host " + id, "ok", null,
                    "silent since " + hosts.get(id.value()).lastSeen()));
        }
        return marked;
    }

    /**
     * Writes every host changed since the last flush in one transaction: one multi-row upsert of the hosts, one
     * of the reports that changed, and deletes of reports no longer served. On failure the hosts stay dirty and
     * the next flush retries them.
     */
    public void flush() {
        synchronized (flushing) {
            Map<String, Dirty> taken = new HashMap<>();
            for (String id : dirty.keySet()) {
                Dirty d = dirty.remove(id);
                if (d != null) {
                    taken.put(id, d);
                }
            }
            if (taken.isEmpty()) {
                return;
            }
            List<FleetDao.HostRow> rows = new ArrayList<>();
            List<FleetDao.ReportRow> reports = new ArrayList<>();
            Map<String, Collection<String>> dropped = new HashMap<>();
            Instant now = clock.instant();
            for (var e : taken.entrySet()) {
                HostState h = hosts.get(e.getKey());
                rows.add(new FleetDao.HostRow(h.id().value(), json(h.labels()), h.firstSeen(), h.lastSeen(), h.lostAt()));
                if (e.getValue().reports()) {
                    h.models().values().forEach(r -> reports.add(new FleetDao.ReportRow(h.id().value(), r.model().value(),
                            r.channel().value(), ReportJson.json(r))));
                }
                List<String> gone = e.getValue().dropped().stream().filter(m -> h.report(RepositoryName.parse(m)) == null).toList();
                if (!gone.isEmpty()) {
                    dropped.put(h.id().value(), gone);
                }
            }
            try {
                db.transaction(tx -> {
                    // Losing the last flush in a database crash loses at most one flush period, as a registry crash
                    // would; no need to wait for the WAL flush.
                    dao.relaxDurability(tx);
                    dao.upsertHosts(tx, rows);
                    dao.upsertReports(tx, reports, now);
                    dropped.forEach((host, models) -> dao.deleteReports(tx, host, models));
                    return null;
                });
            } catch (RuntimeException e) {
                taken.forEach((id, d) -> dirty.merge(id, d, Dirty::plus));
                throw e;
            }
        }
    }

    /** Flushes, logging instead of throwing: for the scheduled flusher, which retries at its next run. */
    public void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("dirty", dirty.size()).log("writing the fleet failed; retrying at the next flush");
        }
    }

    public Optional<HostState> host(HostId id) {
        return Optional.ofNullable(hosts.get(id.value()));
    }

    /** Every host, in id order. */
    public List<HostState> all() {
        List<HostState> list = new ArrayList<>(hosts.values());
        list.sort(java.util.Comparator.comparing(HostState::id));
        return list;
    }

    public Collection<HostState> unordered() {
        return hosts.values();
    }

    /** The model → channel pairs a host serves: what decides which models its desired state lists. */
    private static Map<RepositoryName, String> served(HostState h) {
        Map<RepositoryName, String> m = new HashMap<>();
        h.models().forEach((model, r) -> m.put(model, r.channel().value()));
        return m;
    }

    public static String json(Labels labels) {
        try {
            return JSON.writeValueAsString(labels.values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Labels labels(String json) {
        try {
            return new Labels(JSON.readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON: " + e.getMessage(), e);
        }
    }
}
