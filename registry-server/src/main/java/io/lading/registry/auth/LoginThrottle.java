package io.lading.registry.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows brute force on /token: after {@code limit} failed logins for one account, or five times as many
 * from one address (a NAT or CI fleet shares one), within a minute, further attempts are refused until
 * the minute has passed. In memory per
 * replica: an attacker spread over replicas gets at most replicas x limit guesses a minute, and bcrypt
 * makes each one cost.
 */
public final class LoginThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Bounds memory under a flood of distinct keys; old windows are dropped first. */
    private static final int MAX_KEYS = 100_000;

    /** Keys of addresses start with this; all others are accounts. */
    public static final String ADDRESS_PREFIX = "ip:";
    private static final int ADDRESS_FACTOR = 5;

    private final int limit;
    private final Clock clock;
    private final Map<String, Window> failures = new ConcurrentHashMap<>();

    private record Window(Instant start, int count) {
    }

    public LoginThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Seconds until {@code key} may try again, or 0 if it may now. */
    public long retryAfter(String key) {
        Window w = failures.get(key);
        Instant now = clock.instant();
        int max = key.startsWith(ADDRESS_PREFIX) ? limit * ADDRESS_FACTOR : limit;
        if (w == null || w.start().plus(WINDOW).isBefore(now) || w.count() < max) {
            return 0;
        }
        return Math.max(1, Duration.between(now, w.start().plus(WINDOW)).toSeconds());
    }

    public void failed(String key) {
        if (failures.size() > MAX_KEYS) {
            Instant cutoff = clock.instant().minus(WINDOW);
            failures.values().removeIf(w -> w.start().isBefore(cutoff));
        }
        Instant now = clock.instant();
        failures.merge(key, new Window(now, 1),
                (old, one) -> old.start().plus(WINDOW).isBefore(now) ? one : new Window(old.start(), old.count() + 1));
    }
}
