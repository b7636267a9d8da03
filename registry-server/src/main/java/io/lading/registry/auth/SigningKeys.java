package io.lading.registry.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lading.registry.db.Database;
import io.lading.registry.db.SigningKeyDao;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The ES256 keys that sign registry tokens. Kept in PostgreSQL so every replica signs with the same key
 * and verifies every other's tokens; rotated every {@code rotation}; a retired key keeps verifying for
 * as long as a token it signed can live, and is published in the JWK set meanwhile.
 */
public final class SigningKeys {
    /** How long a replica trusts its cached key list before reading the database again. */
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final Database db;
    private final SigningKeyDao keys;
    private final Duration rotation;
    private final Duration verifyAfterRetirement;
    private final Clock clock;
    private volatile List<ECKey> cached = List.of();
    private volatile OffsetDateTime cachedAt = OffsetDateTime.MIN.plusYears(1);

    public SigningKeys(Database db, SigningKeyDao keys, Duration rotation, Duration verifyAfterRetirement, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.rotation = rotation;
        this.verifyAfterRetirement = verifyAfterRetirement;
        this.clock = clock;
    }

    /** The key to sign with now, creating or rotating it when due. */
    public ECKey signingKey() {
        List<ECKey> current = keys(false);
        if (current.isEmpty() || isDue(current.get(0))) {
            replace(false);
            current = keys(true);
        }
        return current.get(0);
    }

    /** Every key that may verify a live token; refreshed at once when a token names a key not yet seen. */
    public List<ECKey> verificationKeys(String kid) {
        List<ECKey> current = keys(false);
        if (kid != null && current.stream().noneMatch(k -> kid.equals(k.getKeyID()))) {
            current = keys(true);
        }
        return current;
    }

    /** The public keys, as served at /token/jwks.json. */
    public JWKSet publicJwks() {
        return new JWKSet(keys(false).stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
    }

    /** Makes a new signing key at once; the old ones still verify until tokens they signed have expired. */
    public void rotate() {
        replace(true);
        keys(true);
    }

    private void replace(boolean force) {
        db.transaction(tx -> {
            keys.lock(tx);
            List<SigningKeyDao.KeyRow> rows = keys.usable(tx, now().minus(verifyAfterRetirement));
            if (!force && !rows.isEmpty() && !isDue(rows.get(0).createdAt())) {
                return null; // another replica rotated a moment ago
            }
            ECKey key = generate();
            keys.insert(tx, key.getKeyID(), key.toJSONString());
            keys.retireAllExcept(tx, key.getKeyID());
            return null;
        });
    }

    private boolean isDue(ECKey key) {
        return isDue(OffsetDateTime.ofInstant(key.getIssueTime().toInstant(), clock.getZone()));
    }

    private boolean isDue(OffsetDateTime created) {
        return created.plus(rotation).isBefore(now());
    }

    private List<ECKey> keys(boolean refresh) {
        if (refresh || cachedAt.plus(REFRESH).isBefore(now())) {
            cached = db.transaction(tx -> keys.usable(tx, now().minus(verifyAfterRetirement))).stream()
                    .map(SigningKeys::parse).toList();
            cachedAt = now();
        }
        return cached;
    }

    private static ECKey parse(SigningKeyDao.KeyRow row) {
        try {
            ECKey k = ECKey.parse(row.privateJwk());
            return new ECKey.Builder(k).issueTime(java.util.Date.from(row.createdAt().toInstant())).build();
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + row.kid() + " in the database is not a valid JWK", e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK can generate P-256 keys", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
