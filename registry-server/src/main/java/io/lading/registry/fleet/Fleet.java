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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered hosts: heartbeats in, lost hosts marked. PostgreSQL is the truth; this keeps a copy in
 * memory (loaded at start) so desired state and rollouts read hosts without a query.
 */
public final class Fleet {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Heartbeats of one host are applied one at a time (memory and database in the same order); different
     * hosts in parallel. Enough stripes that 1000 hosts rarely share one while a write waits on the database.
     */
    private static final int LOCK_STRIPES = 4096;

    private final Database db;
    private final FleetDao dao;
    private final AuditLog audit;
    private final DesiredNotifier notifier;
    private final Clock clock;
    private final Duration lostAfter;
    private final ConcurrentHashMap<String, HostState> hosts = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];

    public Fleet(Database db, FleetDao dao, AuditLog audit, DesiredNotifier notifier, Clock clock, Duration lostAfter) {
        this.db = db;
        this.dao = dao;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
        this.lostAfter = lostAfter;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
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
     * Registers or refreshes a host with its full report: one upsert of the host, one of the reports that
     * changed (and a delete when it stopped serving a model).
     */
    public HostState heartbeat(HostId id, Labels labels, List<ModelReport> reports, String actor, String remote) {
        Map<RepositoryName, ModelReport> models = new LinkedHashMap<>();
        for (ModelReport r : reports) {
            if (models.put(r.model(), r) != null) {
                throw new io.lading.registry.failure.RegistryFailure.Invalid("model " + r.model() + " is reported twice");
            }
        }
        synchronized (lock(id)) {
            Instant now = clock.instant();
            HostState previous = hosts.get(id.value());
            List<FleetDao.ReportRow> changed = new ArrayList<>();
            for (ModelReport r : models.values()) {
                if (previous == null || !r.equals(previous.report(r.model()))) {
                    changed.add(new FleetDao.ReportRow(id.value(), r.model().value(), r.channel().value(), ReportJson.json(r)));
                }
            }
            List<String> dropped = previous == null ? List.of() : previous.models().keySet().stream()
                    .filter(m -> !models.containsKey(m)).map(RepositoryName::value).toList();
            db.transaction(tx -> {
                // A heartbeat lost in a database crash is repeated seconds later: no need to wait for the WAL flush,
                // which under 1000 hosts was most of a heartbeat's latency.
                dao.relaxDurability(tx);
                dao.upsertHost(tx, id.value(), json(labels), now);
                dao.upsertReports(tx, changed, now);
                dao.deleteReports(tx, id.value(), dropped);
                return null;
            });
            HostState next = new HostState(id, labels, previous == null ? now : previous.firstSeen(), now, null, models);
            hosts.put(id.value(), next);
            if (previous == null) {
                audit.record(new AuditLog.Event(actor, "host.register", "host " + id, "ok", remote, json(labels)));
            } else if (previous.lost()) {
                audit.record(new AuditLog.Event(actor, "host.returned", "host " + id, "ok", remote, null));
            }
            if (previous == null || !served(previous).equals(served(next))) {
                notifier.wake(id);
            }
            return next;
        }
    }

    /** Marks every live host silent for longer than lostAfter as lost; returns those it marked. */
    public List<HostId> markLost() {
        Instant now = clock.instant();
        Instant silentSince = now.minus(lostAfter);
        List<HostId> marked = new ArrayList<>();
        for (HostState h : hosts.values()) {
            if (h.lost() || !h.lastSeen().isBefore(silentSince)) {
                continue;
            }
            synchronized (lock(h.id())) {
                HostState current = hosts.get(h.id().value());
                if (current.lost() || !current.lastSeen().isBefore(silentSince)) {
                    continue;
                }
                db.transaction(tx -> {
                    dao.markLost(tx, List.of(current.id().value()), now);
                    return null;
                });
                hosts.put(current.id().value(), new HostState(current.id(), current.labels(), current.firstSeen(),
                        current.lastSeen(), now, current.models()));
                audit.record(new AuditLog.Event("system", "host.lost", "host " + current.id(), "ok", null,
                        "silent since " + current.lastSeen()));
                marked.add(current.id());
            }
        }
        return marked;
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

    private Object lock(HostId id) {
        return locks[Math.floorMod(id.value().hashCode(), LOCK_STRIPES)];
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
