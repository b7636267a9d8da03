package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.CHANNEL_POINTER;
import static io.lading.registry.db.schema.Tables.ROLLOUT;
import static io.lading.registry.db.schema.Tables.ROLLOUT_EVENT;
import static io.lading.registry.db.schema.Tables.ROLLOUT_HOST;
import static io.lading.registry.db.schema.Tables.ROLLOUT_WAVE;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.fleet.Fleet;
import io.lading.registry.fleet.HostId;
import io.lading.registry.rollout.OnFailure;
import io.lading.registry.rollout.Rollout;
import io.lading.registry.rollout.RolloutEvent;
import io.lading.registry.rollout.RolloutHost;
import io.lading.registry.rollout.RolloutState;
import io.lading.registry.rollout.Wave;
import io.lading.registry.rollout.WaveSpec;
import io.lading.registry.db.schema.tables.records.RolloutRecord;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Rollouts, their wave plans and progress, their targeted hosts, and their events. */
public final class RolloutDao {
    private static final List<String> UNFINISHED = List.of("prefetching", "running", "paused");
    private static final List<String> PINNING = List.of("aborted", "rolled_back");

    /** Inserts the rollout row alone (its id seeds the host order); the plan follows with {@link #insertPlan}. */
    public long insert(DSLContext tx, Rollout r) {
        return tx.insertInto(ROLLOUT, ROLLOUT.MODEL, ROLLOUT.CHANNEL, ROLLOUT.TARGET, ROLLOUT.TARGET_REF, ROLLOUT.SELECTOR,
                        ROLLOUT.ON_FAILURE, ROLLOUT.STATE, ROLLOUT.CURRENT_WAVE, ROLLOUT.CREATED_AT, ROLLOUT.CREATED_BY)
                .values(r.model().value(), r.channel().value(), r.target().toString(), r.targetRef(), Fleet.json(r.selector()),
                        r.onFailure().id(), r.state().id(), r.currentWave(), FleetDao.utc(r.createdAt()), r.createdBy())
                .returning(ROLLOUT.ID).fetchOne(ROLLOUT.ID);
    }

    public void insertPlan(DSLContext tx, Rollout r) {
        var waves = tx.insertInto(ROLLOUT_WAVE, ROLLOUT_WAVE.ROLLOUT_ID, ROLLOUT_WAVE.WAVE_INDEX, ROLLOUT_WAVE.WAVE_COUNT,
                ROLLOUT_WAVE.WAVE_PERCENT, ROLLOUT_WAVE.WAVE_LABEL, ROLLOUT_WAVE.BAKE_SECONDS, ROLLOUT_WAVE.MAX_FAILURES, ROLLOUT_WAVE.HOSTS);
        for (Wave w : r.waves()) {
            WaveSpec s = w.spec();
            waves = waves.values(r.id(), w.index(), s.count(), s.percent(), s.label() == null ? null : Fleet.json(s.label()),
                    s.bakeSeconds(), s.maxFailures(), w.hosts());
        }
        waves.execute();
        var hosts = tx.insertInto(ROLLOUT_HOST, ROLLOUT_HOST.ROLLOUT_ID, ROLLOUT_HOST.HOST_ID, ROLLOUT_HOST.WAVE_INDEX,
                ROLLOUT_HOST.BEFORE_VERSION);
        for (RolloutHost h : r.hosts().values()) {
            hosts = hosts.values(r.id(), h.host().value(), h.wave(), h.before() == null ? null : h.before().toString());
        }
        hosts.execute();
    }

    /** Writes what changed between two values of one rollout. */
    public void update(DSLContext tx, Rollout before, Rollout after) {
        tx.update(ROLLOUT).set(ROLLOUT.STATE, after.state().id()).set(ROLLOUT.CURRENT_WAVE, after.currentWave())
                .set(ROLLOUT.BUDGET_SINCE, FleetDao.utc(after.budgetSince())).set(ROLLOUT.FINISHED_AT, FleetDao.utc(after.finishedAt()))
                .where(ROLLOUT.ID.eq(after.id())).execute();
        for (Wave w : after.waves()) {
            if (!w.equals(before.wave(w.index()))) {
                tx.update(ROLLOUT_WAVE).set(ROLLOUT_WAVE.ACTIVATED_AT, FleetDao.utc(w.activatedAt()))
                        .set(ROLLOUT_WAVE.HEALTHY_SINCE, FleetDao.utc(w.healthySince())).set(ROLLOUT_WAVE.BAKED_AT, FleetDao.utc(w.bakedAt()))
                        .where(ROLLOUT_WAVE.ROLLOUT_ID.eq(after.id()), ROLLOUT_WAVE.WAVE_INDEX.eq(w.index())).execute();
            }
        }
        for (RolloutHost h : after.hosts().values()) {
            if (!h.equals(before.hosts().get(h.host()))) {
                tx.update(ROLLOUT_HOST).set(ROLLOUT_HOST.FAILED_REASON, h.failedReason()).set(ROLLOUT_HOST.FAILED_AT, FleetDao.utc(h.failedAt()))
                        .where(ROLLOUT_HOST.ROLLOUT_ID.eq(after.id()), ROLLOUT_HOST.HOST_ID.eq(h.host().value())).execute();
            }
        }
    }

    public void insertEvents(DSLContext tx, long rolloutId, Collection<RolloutEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(ROLLOUT_EVENT, ROLLOUT_EVENT.ROLLOUT_ID, ROLLOUT_EVENT.AT, ROLLOUT_EVENT.EVENT, ROLLOUT_EVENT.ACTOR,
                ROLLOUT_EVENT.DETAIL);
        for (RolloutEvent e : events) {
            insert = insert.values(rolloutId, FleetDao.utc(e.at()), e.event(), e.actor(), e.detail());
        }
        insert.execute();
    }

    public List<RolloutEvent> events(DSLContext tx, long rolloutId) {
        return tx.selectFrom(ROLLOUT_EVENT).where(ROLLOUT_EVENT.ROLLOUT_ID.eq(rolloutId)).orderBy(ROLLOUT_EVENT.ID)
                .fetch(e -> new RolloutEvent(e.getAt().toInstant(), e.getEvent(), e.getActor(), e.getDetail()));
    }

    /**
     * What desired state needs after a restart: unfinished rollouts, and aborted or rolled-back ones that still
     * pin their hosts (finished after their channel's last move).
     */
    public List<Rollout> loadLive(DSLContext tx) {
        var movedLater = DSL.exists(DSL.selectOne().from(CHANNEL_POINTER).where(CHANNEL_POINTER.MODEL.eq(ROLLOUT.MODEL),
                CHANNEL_POINTER.CHANNEL.eq(ROLLOUT.CHANNEL), CHANNEL_POINTER.MOVED_AT.ge(ROLLOUT.FINISHED_AT)));
        return load(tx, ROLLOUT.STATE.in(UNFINISHED).or(ROLLOUT.STATE.in(PINNING).andNot(movedLater)), Integer.MAX_VALUE);
    }

    public Optional<Rollout> find(DSLContext tx, long id) {
        return load(tx, ROLLOUT.ID.eq(id), 1).stream().findFirst();
    }

    /** Newest first. */
    public List<Rollout> list(DSLContext tx, RepositoryName model, RolloutState state, int limit) {
        Condition where = DSL.trueCondition();
        if (model != null) {
            where = where.and(ROLLOUT.MODEL.eq(model.value()));
        }
        if (state != null) {
            where = where.and(ROLLOUT.STATE.eq(state.id()));
        }
        return load(tx, where, limit);
    }

    private List<Rollout> load(DSLContext tx, Condition where, int limit) {
        List<RolloutRecord> rows = tx.selectFrom(ROLLOUT).where(where).orderBy(ROLLOUT.ID.desc()).limit(limit).fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(RolloutRecord::getId).toList();
        Map<Long, List<Wave>> waves = new HashMap<>();
        tx.selectFrom(ROLLOUT_WAVE).where(ROLLOUT_WAVE.ROLLOUT_ID.in(ids)).orderBy(ROLLOUT_WAVE.ROLLOUT_ID, ROLLOUT_WAVE.WAVE_INDEX)
                .forEach(w -> waves.computeIfAbsent(w.getRolloutId(), k -> new ArrayList<>()).add(new Wave(w.getWaveIndex(),
                        new WaveSpec(w.getWaveCount(), w.getWavePercent(), w.getWaveLabel() == null ? null : Fleet.labels(w.getWaveLabel()),
                                w.getBakeSeconds(), w.getMaxFailures()),
                        w.getHosts(), instant(w.getActivatedAt()), instant(w.getHealthySince()), instant(w.getBakedAt()))));
        Map<Long, Map<HostId, RolloutHost>> hosts = new HashMap<>();
        // In wave order; the stable order only mattered for the assignment, which is stored.
        tx.selectFrom(ROLLOUT_HOST).where(ROLLOUT_HOST.ROLLOUT_ID.in(ids)).orderBy(ROLLOUT_HOST.ROLLOUT_ID, ROLLOUT_HOST.WAVE_INDEX,
                        ROLLOUT_HOST.HOST_ID)
                .forEach(h -> hosts.computeIfAbsent(h.getRolloutId(), k -> new LinkedHashMap<>()).put(HostId.parse(h.getHostId()),
                        new RolloutHost(HostId.parse(h.getHostId()), h.getWaveIndex(),
                                h.getBeforeVersion() == null ? null : Digest.parse(h.getBeforeVersion()), h.getFailedReason(),
                                instant(h.getFailedAt()))));
        return rows.stream().map(r -> new Rollout(r.getId(), RepositoryName.parse(r.getModel()), ChannelName.parse(r.getChannel()),
                Digest.parse(r.getTarget()), r.getTargetRef(), Fleet.labels(r.getSelector()), OnFailure.parse(r.getOnFailure()),
                RolloutState.parse(r.getState()), r.getCurrentWave(), r.getCreatedAt().toInstant(), r.getCreatedBy(),
                instant(r.getBudgetSince()), instant(r.getFinishedAt()), waves.getOrDefault(r.getId(), List.of()),
                hosts.getOrDefault(r.getId(), Map.of()))).toList();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
