package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.auth.AccessClaims;
import io.lading.registry.auth.TokenService;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.api.Endpoint;
import io.lading.spec.auth.Scope;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lets a request through only with a valid token that carries the scope it needs; otherwise answers 401
 * with the Bearer challenge that tells the client where to get one and for which scope
 * (https://distribution.github.io/distribution/spec/auth/token/).
 */
final class AuthFilter {
    private final TokenService tokens;

    AuthFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    void check(Context ctx, Endpoint.Match m) {
        List<Scope> needed = AccessRules.required(m, ctx.method(), ctx.queryParam("repository"));
        List<Scope> challenged = m.endpoint() == Endpoint.CHUNK_INDEX ? needed
                : AccessRules.challenged(m, ctx.method(), ctx.queryParam("from"));
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ctx, challenged, null, "authentication required: get a token from " + realm(ctx));
        }
        AccessClaims claims;
        try {
            claims = tokens.verify(header.substring(7).trim());
        } catch (TokenService.InvalidToken e) {
            throw unauthorized(ctx, challenged, "invalid_token", "the token was refused: " + e.getMessage());
        }
        for (Scope scope : needed) {
            if (!claims.allows(scope)) {
                throw unauthorized(ctx, challenged, "insufficient_scope", "the token does not grant " + scope);
            }
        }
        new CallerAccess(claims.subject(), claims).attachTo(ctx);
    }

    /**
     * For the control plane, whose needed scope depends on the body or on a stored rollout: refuses with the
     * same challenge as the filter when the caller's token does not carry {@code needed}.
     */
    void demand(Context ctx, Scope needed) {
        var claims = CallerAccess.of(ctx).claims();
        if (claims != null && !claims.allows(needed)) {
            throw unauthorized(ctx, List.of(needed), "insufficient_scope", "the token does not grant " + needed);
        }
    }

    private RegistryFailure.Unauthorized unauthorized(Context ctx, List<Scope> needed, String error, String message) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm(ctx))
                .append("\",service=\"").append(tokens.audience()).append('"');
        if (!needed.isEmpty()) {
            challenge.append(",scope=\"").append(needed.stream().map(Scope::toString).collect(Collectors.joining(" "))).append('"');
        }
        if (error != null) {
            challenge.append(",error=\"").append(error).append('"');
        }
        return new RegistryFailure.Unauthorized(challenge.toString(), message);
    }

    /** The token endpoint on the host and scheme the client used, so the challenge works behind any name. */
    static String realm(Context ctx) {
        String host = ctx.header("Host");
        return ctx.scheme() + "://" + (host == null ? ctx.host() : host) + "/token";
    }

}
