package io.lading.puller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Registry tokens, fetched from a challenge's realm and cached per scope set until shortly before they
 * expire (https://distribution.github.io/distribution/spec/auth/token/). A scope set is the request's own
 * scopes plus whatever the challenge asked for, so one token serves every request of a pull or a push.
 */
final class BearerTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The token spec's default lifetime when the answer names none. */
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 60;
    /** Renew this long before expiry (at most a quarter of the lifetime), so no request leaves with a dying token. */
    private static final Duration RENEW_MARGIN = Duration.ofSeconds(30);

    private final RetryingHttp http;
    private final Credentials credentials;
    private final Clock clock;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();
    /** Locks, not synchronized blocks: a virtual thread waiting on a monitor would pin its carrier on JDK 21. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    BearerTokens(RetryingHttp http, Credentials credentials, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.clock = clock;
    }

    private record Token(String value, Instant renewAt) {
    }

    /** A cached token for these scopes that is not about to expire, or null. */
    String cached(List<String> scopes) {
        Token t = cache.get(key(scopes));
        return t != null && clock.instant().isBefore(t.renewAt()) ? t.value() : null;
    }

    /**
     * A token for {@code scopes} plus the challenge's, cached under {@code scopes}. Requests that meet a
     * challenge at the same moment (parallel range GETs, parallel uploads) wait for one fetch instead of each
     * asking the token endpoint; {@code refused} is the token the registry just turned down, if any, which
     * is never handed out again.
     */
    String fetch(List<String> scopes, Challenge challenge, String refused) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(key(scopes), k -> new ReentrantLock());
        lock.lock();
        try {
            String current = cached(scopes);
            if (current != null && !current.equals(refused)) {
                return current;
            }
            return request(scopes, challenge);
        } finally {
            lock.unlock();
        }
    }

    private String request(List<String> scopes, Challenge challenge) throws IOException {
        HttpUrl realm = challenge.realm() == null ? null : HttpUrl.parse(challenge.realm());
        if (realm == null) {
            throw new RegistryException("the registry's challenge names no usable token realm: " + challenge.params(), 401, null);
        }
        List<String> all = new java.util.ArrayList<>(scopes);
        all.addAll(challenge.scopes());
        TreeSet<String> wanted = Scopes.merge(all);
        HttpUrl.Builder url = realm.newBuilder();
        if (challenge.service() != null) {
            url.addQueryParameter("service", challenge.service());
        }
        wanted.forEach(s -> url.addQueryParameter("scope", s));
        String action = "getting a token for " + String.join(" ", wanted) + " as " + (credentials.isAnonymous() ? "anonymous" : credentials.user());
        try (Response r = http.send(action, true, () -> {
            Request.Builder b = new Request.Builder().url(url.build());
            if (!credentials.isAnonymous()) {
                b.header("Authorization", credentials.basicHeader());
            }
            return b.build();
        })) {
            if (r.code() != 200) {
                throw RegistryException.from(action, r);
            }
            JsonNode body = JSON.readTree(r.body().string());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException(action + ": the answer holds no token", r.code(), null);
            }
            long ttl = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN_SECONDS);
            Duration lifetime = Duration.ofSeconds(ttl > 0 ? ttl : DEFAULT_EXPIRES_IN_SECONDS);
            Duration margin = RENEW_MARGIN.compareTo(lifetime.dividedBy(4)) < 0 ? RENEW_MARGIN : lifetime.dividedBy(4);
            cache.put(key(scopes), new Token(token, clock.instant().plus(lifetime).minus(margin)));
            return token;
        }
    }

    private static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
