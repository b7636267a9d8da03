package io.lading.registry.channel;

import io.lading.registry.db.ChannelDao;
import io.lading.registry.db.Database;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * Channel pointers: in PostgreSQL, with a copy in memory for desired state. Moves are written by the
 * caller's transaction (a rollout's completion moves its channel in the same transaction) and published
 * here once committed.
 */
public final class Channels {
    private final Database db;
    private final ChannelDao dao;
    private final ConcurrentHashMap<Key, ChannelPointer> current = new ConcurrentHashMap<>();

    private record Key(RepositoryName model, ChannelName channel) {
    }

    public Channels(Database db, ChannelDao dao) {
        this.db = db;
        this.dao = dao;
    }

    public void load() {
        db.transaction(dao::all).forEach(this::published);
    }

    public Optional<ChannelPointer> current(RepositoryName model, ChannelName channel) {
        return Optional.ofNullable(current.get(new Key(model, channel)));
    }

    /** Writes a move in the caller's transaction; call {@link #published} after it commits. */
    public void write(DSLContext tx, ChannelPointer p) {
        dao.move(tx, p);
    }

    public void published(ChannelPointer p) {
        current.put(new Key(p.model(), p.channel()), p);
    }

    public List<ChannelPointer> history(RepositoryName model, ChannelName channel, Instant at, int limit) {
        return db.transaction(tx -> dao.history(tx, model, channel, at, limit));
    }
}
