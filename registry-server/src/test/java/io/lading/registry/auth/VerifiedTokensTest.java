package io.lading.registry.auth;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens: an entry never outlives its token's expiry, and the cache never outgrows its cap. */
class VerifiedTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-30T05:00:00Z");
    private static final AccessClaims CLAIMS = new AccessClaims("host", Map.of(), List.of());

    @Test
    void anEntryAnswersUntilItsExpiryAndNotAtIt() {
        var atExpiry = new VerifiedTokens(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        var before = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        before.put("t", CLAIMS, NOW.plusSeconds(60));
        atExpiry.put("t", CLAIMS, NOW.plusSeconds(60));
        assertSame(CLAIMS, before.get("t"));
        assertNull(atExpiry.get("t"), "an already expired token is not stored");
        assertEquals(0, atExpiry.size());
    }

    @Test
    void anotherTokenStringIsAMiss() {
        var cache = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        cache.put("header.payload.signature", CLAIMS, NOW.plus(Duration.ofMinutes(5)));
        assertNull(cache.get("header.payload.signaturf"));
    }

    @Test
    void theCacheStaysUnderItsCap() {
        var cache = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES * 2; i++) {
            cache.put("token-" + i, CLAIMS, NOW.plus(Duration.ofMinutes(5)));
            assertTrue(cache.size() <= VerifiedTokens.MAX_ENTRIES, "size " + cache.size() + " after " + (i + 1));
        }
        assertSame(CLAIMS, cache.get("token-" + (VerifiedTokens.MAX_ENTRIES * 2 - 1)), "the newest entry is kept");
    }
}
