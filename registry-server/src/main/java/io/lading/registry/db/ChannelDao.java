package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.CHANNEL_HISTORY;
import static io.lading.registry.db.schema.Tables.CHANNEL_POINTER;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.channel.ChannelPointer;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Channel pointers and the history of every move, so "what ran in prod last Tuesday" has an answer. */
public final class ChannelDao {

    public void move(DSLContext tx, ChannelPointer p) {
        var at = FleetDao.utc(p.movedAt());
        tx.insertInto(CHANNEL_POINTER, CHANNEL_POINTER.MODEL, CHANNEL_POINTER.CHANNEL, CHANNEL_POINTER.VERSION,
                        CHANNEL_POINTER.MOVED_AT, CHANNEL_POINTER.MOVED_BY, CHANNEL_POINTER.REASON)
                .values(p.model().value(), p.channel().value(), p.version().toString(), at, p.movedBy(), p.reason())
                .onConflict(CHANNEL_POINTER.MODEL, CHANNEL_POINTER.CHANNEL).doUpdate()
                .set(CHANNEL_POINTER.VERSION, p.version().toString()).set(CHANNEL_POINTER.MOVED_AT, at)
                .set(CHANNEL_POINTER.MOVED_BY, p.movedBy()).set(CHANNEL_POINTER.REASON, p.reason())
                .execute();
        tx.insertInto(CHANNEL_HISTORY, CHANNEL_HISTORY.MODEL, CHANNEL_HISTORY.CHANNEL, CHANNEL_HISTORY.VERSION,
                        CHANNEL_HISTORY.MOVED_AT, CHANNEL_HISTORY.MOVED_BY, CHANNEL_HISTORY.REASON)
                .values(p.model().value(), p.channel().value(), p.version().toString(), at, p.movedBy(), p.reason())
                .execute();
    }

    public List<ChannelPointer> all(DSLContext tx) {
        return tx.selectFrom(CHANNEL_POINTER).fetch(r -> new ChannelPointer(RepositoryName.parse(r.getModel()),
                ChannelName.parse(r.getChannel()), Digest.parse(r.getVersion()), r.getMovedAt().toInstant(), r.getMovedBy(), r.getReason()));
    }

    /** Moves newest first; with {@code at}, only moves at or before it. */
    public List<ChannelPointer> history(DSLContext tx, RepositoryName model, ChannelName channel, Instant at, int limit) {
        var where = CHANNEL_HISTORY.MODEL.eq(model.value()).and(CHANNEL_HISTORY.CHANNEL.eq(channel.value()));
        if (at != null) {
            where = where.and(CHANNEL_HISTORY.MOVED_AT.le(FleetDao.utc(at)));
        }
        return tx.selectFrom(CHANNEL_HISTORY).where(where).orderBy(CHANNEL_HISTORY.MOVED_AT.desc(), CHANNEL_HISTORY.ID.desc())
                .limit(limit).fetch(r -> new ChannelPointer(model, channel, Digest.parse(r.getVersion()), r.getMovedAt().toInstant(),
                        r.getMovedBy(), r.getReason()));
    }
}
