package io.lading.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** bcrypt for principal secrets, and generation of secrets strong enough that guessing is pointless. */
public final class PasswordHasher {
    /** About 50 ms per check on this class of machine: slow for brute force, unnoticeable for a login. */
    private static final int COST = 10;
    /** A hash to check against when the principal does not exist, so timing does not reveal which names do. */
    private static final String DUMMY = BCrypt.withDefaults().hashToString(COST, "dummy".toCharArray());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** bcrypt reads at most 72 bytes; longer secrets are refused rather than silently cut. */
    static final int MAX_SECRET_BYTES = 71;

    public String hash(String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a secret may be at most " + MAX_SECRET_BYTES + " bytes long");
        }
        return BCrypt.withDefaults().hashToString(COST, secret.toCharArray());
    }

    public boolean verify(String secret, String hash) {
        if (secret.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            return false;
        }
        String against = hash == null ? DUMMY : hash;
        boolean ok = BCrypt.verifyer().verify(secret.getBytes(StandardCharsets.UTF_8), against.getBytes(StandardCharsets.UTF_8)).verified;
        return ok && hash != null;
    }

    /** 192 random bits, URL-safe. */
    public static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
