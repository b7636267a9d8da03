package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.REPOSITORY;

import io.lading.spec.name.RepositoryName;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Repositories, created on their first push. */
public final class RepositoryDao {

    public Optional<Long> findId(DSLContext tx, RepositoryName name) {
        return tx.select(REPOSITORY.ID).from(REPOSITORY).where(REPOSITORY.NAME.eq(name.value())).fetchOptional(REPOSITORY.ID);
    }

    /** The repository's id, creating it if this is its first push; safe under concurrent first pushes. */
    public long ensure(DSLContext tx, RepositoryName name) {
        return tx.insertInto(REPOSITORY, REPOSITORY.NAME).values(name.value())
                .onConflict(REPOSITORY.NAME).doUpdate().set(REPOSITORY.NAME, name.value())
                .returning(REPOSITORY.ID).fetchOne(REPOSITORY.ID);
    }

    /** Up to {@code limit} names after {@code last} in byte order ("C" collation), as the catalog pages them. */
    public List<String> page(DSLContext tx, String last, int limit) {
        var byteOrder = ByteOrder.of(REPOSITORY.NAME);
        var query = tx.select(REPOSITORY.NAME).from(REPOSITORY);
        var filtered = last == null ? query.where() : query.where(byteOrder.gt(last));
        return filtered.orderBy(byteOrder).limit(limit).fetch(REPOSITORY.NAME);
    }
}
