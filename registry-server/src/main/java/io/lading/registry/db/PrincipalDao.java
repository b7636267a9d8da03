package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.ACCESS_GRANT;
import static io.lading.registry.db.schema.Tables.PRINCIPAL;

import io.lading.registry.auth.Grant;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.spec.auth.Action;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Principals with their hashed secrets, and the grants given to them (or to anyone). */
public final class PrincipalDao {

    public record PrincipalRow(long id, String name, String kind, String secretHash, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    }

    public Optional<PrincipalRow> find(DSLContext tx, String name) {
        return tx.selectFrom(PRINCIPAL).where(PRINCIPAL.NAME.eq(name))
                .fetchOptional(r -> new PrincipalRow(r.getId(), r.getName(), r.getKind(), r.getSecretHash(), r.getCreatedAt(), r.getRevokedAt()));
    }

    public List<PrincipalRow> list(DSLContext tx, String kind) {
        var q = tx.selectFrom(PRINCIPAL);
        return (kind == null ? q.where() : q.where(PRINCIPAL.KIND.eq(kind))).orderBy(PRINCIPAL.NAME)
                .fetch(r -> new PrincipalRow(r.getId(), r.getName(), r.getKind(), null, r.getCreatedAt(), r.getRevokedAt()));
    }

    /** Creates the principal; false if the name is taken. */
    public boolean insert(DSLContext tx, String name, String kind, String secretHash) {
        return tx.insertInto(PRINCIPAL, PRINCIPAL.NAME, PRINCIPAL.KIND, PRINCIPAL.SECRET_HASH).values(name, kind, secretHash)
                .onConflictDoNothing().execute() == 1;
    }

    public boolean revoke(DSLContext tx, String name) {
        return tx.update(PRINCIPAL).set(PRINCIPAL.REVOKED_AT, OffsetDateTime.now())
                .where(PRINCIPAL.NAME.eq(name), PRINCIPAL.REVOKED_AT.isNull()).execute() == 1;
    }

    /** Grants of the named principal; {@code null} for the anonymous grants. */
    public List<Grant> grants(DSLContext tx, String principal) {
        var condition = principal == null ? ACCESS_GRANT.PRINCIPAL_ID.isNull() : PRINCIPAL.NAME.eq(principal);
        return tx.select(ACCESS_GRANT.ID, PRINCIPAL.NAME, ACCESS_GRANT.REPOSITORY_PATTERN, ACCESS_GRANT.ACTIONS)
                .from(ACCESS_GRANT).leftJoin(PRINCIPAL).on(PRINCIPAL.ID.eq(ACCESS_GRANT.PRINCIPAL_ID))
                .where(condition).orderBy(ACCESS_GRANT.ID).fetch(PrincipalDao::grant);
    }

    public List<Grant> allGrants(DSLContext tx) {
        return tx.select(ACCESS_GRANT.ID, PRINCIPAL.NAME, ACCESS_GRANT.REPOSITORY_PATTERN, ACCESS_GRANT.ACTIONS)
                .from(ACCESS_GRANT).leftJoin(PRINCIPAL).on(PRINCIPAL.ID.eq(ACCESS_GRANT.PRINCIPAL_ID))
                .orderBy(ACCESS_GRANT.ID).fetch(PrincipalDao::grant);
    }

    /** Adds a grant to a principal (by id), or an anonymous one when {@code principalId} is null. */
    public long addGrant(DSLContext tx, Long principalId, RepositoryPattern pattern, Set<Action> actions) {
        String list = actions.stream().map(Action::id).sorted().collect(Collectors.joining(","));
        return tx.insertInto(ACCESS_GRANT, ACCESS_GRANT.PRINCIPAL_ID, ACCESS_GRANT.REPOSITORY_PATTERN, ACCESS_GRANT.ACTIONS)
                .values(principalId, pattern.value(), list).returning(ACCESS_GRANT.ID).fetchOne(ACCESS_GRANT.ID);
    }

    public boolean deleteGrant(DSLContext tx, long id) {
        return tx.deleteFrom(ACCESS_GRANT).where(ACCESS_GRANT.ID.eq(id)).execute() == 1;
    }

    private static Grant grant(Record r) {
        Set<Action> actions = Arrays.stream(r.get(ACCESS_GRANT.ACTIONS).split(","))
                .map(a -> Action.byId(a).orElseThrow()).collect(Collectors.toSet());
        return new Grant(r.get(ACCESS_GRANT.ID), r.get(PRINCIPAL.NAME), RepositoryPattern.parse(r.get(ACCESS_GRANT.REPOSITORY_PATTERN)), actions);
    }
}
