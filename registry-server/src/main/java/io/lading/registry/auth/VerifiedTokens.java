package io.lading.registry.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens this registry has already verified, with their claims, so a client that sends the same token on every
 * request pays for one ES256 verification, not one per request (that was 35–45 % of the registry's CPU under
 * 1000 heartbeating hosts, issue 7). The key is the whole token string: a token that differs in any byte (a
 * forged signature, an edited claim) is a miss and goes through full verification, which it fails, and only
 * tokens that passed are ever stored. An entry is used only before the token's own expiry, never after.
 */
final class VerifiedTokens {
    /** Enough for every host of a large fleet and its operators; beyond it, the oldest-looking entries go. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(AccessClaims claims, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** The claims of a token verified before and not yet expired; null otherwise. */
    AccessClaims get(String token) {
        Entry e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(token, e);
            return null;
        }
        return e.claims();
    }

    /** Remembers a token that just passed full verification, until {@code expires}. */
    void put(String token, AccessClaims claims, Instant expires) {
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            evict(now);
        }
        entries.put(token, new Entry(claims, expires));
    }

    int size() {
        return entries.size();
    }

    /** Drops expired entries; when that frees too little, a tenth of the rest (in no order): simple, and bounded. */
    private void evict(Instant now) {
        entries.values().removeIf(e -> !now.isBefore(e.expires()));
        int excess = entries.size() - MAX_ENTRIES + MAX_ENTRIES / 10;
        Iterator<String> it = entries.keySet().iterator();
        while (excess-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
