package io.lading.registry.db;

import static io.lading.registry.db.schema.Tables.SIGNING_KEY;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/** The token signing keys, shared by every replica through the database. */
public final class SigningKeyDao {

    public record KeyRow(String kid, String privateJwk, OffsetDateTime createdAt, OffsetDateTime retiredAt) {
    }

    /** Keys created or retired after {@code since}, newest first: the ones that may still sign or verify. */
    public List<KeyRow> usable(DSLContext tx, OffsetDateTime since) {
        return tx.selectFrom(SIGNING_KEY).where(SIGNING_KEY.RETIRED_AT.isNull().or(SIGNING_KEY.RETIRED_AT.gt(since)))
                .orderBy(SIGNING_KEY.CREATED_AT.desc())
                .fetch(r -> new KeyRow(r.getKid(), r.getPrivateJwk(), r.getCreatedAt(), r.getRetiredAt()));
    }

    public void insert(DSLContext tx, String kid, String privateJwk) {
        tx.insertInto(SIGNING_KEY, SIGNING_KEY.KID, SIGNING_KEY.PRIVATE_JWK).values(kid, privateJwk).execute();
    }

    public void retireAllExcept(DSLContext tx, String kid) {
        tx.update(SIGNING_KEY).set(SIGNING_KEY.RETIRED_AT, OffsetDateTime.now())
                .where(SIGNING_KEY.KID.ne(kid), SIGNING_KEY.RETIRED_AT.isNull()).execute();
    }

    /** Serialises key creation across replicas, so a rotation makes one key, not one per replica. */
    public void lock(DSLContext tx) {
        tx.execute("lock table signing_key in exclusive mode");
    }
}
