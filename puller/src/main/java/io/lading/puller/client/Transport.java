package io.lading.puller.client;

import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends a {@link RegistryCall} with the right credentials: a cached token for its scopes when there is
 * one; else, once an earlier challenge has named the realm, a token fetched up front; else the request
 * goes out bare (a body is never sent bare: the realm is looked up at {@code /v2/} first), and a 401 with
 * a Bearer challenge gets a token from the challenge's realm and one more try. A Basic challenge is
 * answered with the credentials themselves. Retries of 5xx, 429 and broken connections happen below, in
 * {@link RetryingHttp}.
 */
final class Transport {
    private final HttpUrl base;
    private final RetryingHttp http;
    private final BearerTokens tokens;
    private final Credentials credentials;
    /** The token realm, once a challenge has named it; null until then. */
    private volatile Challenge realm;

    Transport(HttpUrl base, RetryingHttp http, BearerTokens tokens, Credentials credentials) {
        this.base = base;
        this.http = http;
        this.tokens = tokens;
        this.credentials = credentials;
    }

    HttpUrl base() {
        return base;
    }

    /** {@code base} plus a path such as {@code v2/models/a/blobs/sha256:..}; repository names keep their slashes. */
    HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    /** Resolves a {@code Location} header, which registries may send relative to the request. */
    HttpUrl resolve(Response response, String location) throws RegistryException {
        HttpUrl url = location == null ? null : response.request().url().resolve(location);
        if (url == null) {
            throw new RegistryException("the registry answered " + response.code() + " to " + response.request().method() + " "
                    + response.request().url().encodedPath() + " without a usable Location header", response.code(), null);
        }
        return url;
    }

    /** Sends the call; the caller owns (and closes) the answer, whatever its status. */
    Response execute(RegistryCall call) throws IOException {
        String authorization = bearer(tokens.cached(call.scopes()));
        Challenge known = realm;
        if (authorization == null && known != null && known.isBasic() && !credentials.isAnonymous()) {
            authorization = credentials.basicHeader();
        } else if (authorization == null && known != null && known.isBearer() && !call.scopes().isEmpty()) {
            // The realm is known from an earlier challenge: ask for this call's scopes now rather than after a 401.
            authorization = bearer(tokens.fetch(call.scopes(), known, null));
        } else if (authorization == null && call.body() != null && call.body().contentLength() > 0) {
            authorization = authorizeUpFront(call);
        }
        boolean refreshed = false;
        while (true) {
            String auth = authorization;
            Response response = http.send(call.action(), call.retryable(), () -> request(call, auth));
            if (response.code() != 401 || refreshed) {
                return response;
            }
            Challenge challenge = Challenge.parse(response.header("WWW-Authenticate"));
            if (challenge != null && challenge.isBearer()) {
                response.close();
                remember(challenge);
                String refused = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
                authorization = bearer(tokens.fetch(call.scopes(), challenge, refused));
            } else if (challenge != null && challenge.isBasic() && !credentials.isAnonymous()) {
                response.close();
                remember(challenge);
                authorization = credentials.basicHeader();
            } else {
                return response;
            }
            refreshed = true;
        }
    }

    /**
     * Gets credentials before sending a body, so a large upload is not sent once just to be told 401: the
     * base endpoint's challenge (GET /v2/) names the realm, and the call's own scopes are asked for.
     */
    private String authorizeUpFront(RegistryCall call) throws IOException {
        try (Response r = http.send("checking the registry's authentication at " + base, true,
                () -> new Request.Builder().url(url("v2/")).build())) {
            Challenge challenge = r.code() == 401 ? Challenge.parse(r.header("WWW-Authenticate")) : null;
            if (challenge != null && challenge.isBearer()) {
                remember(challenge);
                return bearer(tokens.fetch(call.scopes(), challenge, null));
            }
            if (challenge != null && challenge.isBasic() && !credentials.isAnonymous()) {
                remember(challenge);
                return credentials.basicHeader();
            }
            return null;
        }
    }

    /**
     * A bearer token for {@code scopes}, as a request to the registry would carry it: cached, or fetched from
     * the realm (learnt from {@code GET /v2/} when no challenge has named it yet). Null when the registry does not
     * use tokens. LAN peers take it as proof of pull access (spec/peers.md).
     */
    String token(List<String> scopes) throws IOException {
        String cached = tokens.cached(scopes);
        if (cached != null) {
            return cached;
        }
        Challenge known = realm;
        if (known == null || !known.isBearer()) {
            String probed = authorizeUpFront(new RegistryCall("getting a token", "GET", url("v2/"), java.util.Map.of(),
                    null, scopes, true));
            return probed != null && probed.startsWith("Bearer ") ? probed.substring("Bearer ".length()) : null;
        }
        return tokens.fetch(scopes, known, null);
    }

    /** Keeps the scheme, realm and service of a challenge (not its scopes, which belong to that one request). */
    private void remember(Challenge challenge) {
        java.util.Map<String, String> params = new java.util.HashMap<>(challenge.params());
        params.keySet().retainAll(java.util.Set.of("realm", "service"));
        realm = new Challenge(challenge.scheme(), java.util.Map.copyOf(params));
    }

    /** Sends the call and fails unless the registry answered with one of {@code expected}. */
    Response expect(RegistryCall call, int... expected) throws IOException {
        Response response = execute(call);
        for (int code : expected) {
            if (response.code() == code) {
                return response;
            }
        }
        try (response) {
            throw RegistryException.from(call.action(), response);
        }
    }

    private static Request request(RegistryCall call, String authorization) {
        Request.Builder b = new Request.Builder().url(call.url()).method(call.method(), call.body());
        call.headers().forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }
}
