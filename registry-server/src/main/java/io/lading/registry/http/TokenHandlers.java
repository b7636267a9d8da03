package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.auth.LoginThrottle;
import io.lading.registry.auth.Principal;
import io.lading.registry.auth.PrincipalService;
import io.lading.registry.auth.TokenService;
import io.lading.registry.auth.oidc.OidcFederation;
import io.lading.registry.auth.oidc.OidcRejected;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token endpoint: {@code GET /token} with HTTP basic credentials (the Docker token flow) and
 * {@code POST /token} with an OAuth2 form (password grant, or RFC 8693 token exchange of an OIDC identity
 * token). Username {@code oidc} with an identity token as the password federates too, so skopeo and ORAS
 * need no special support. Also serves the public JWK set.
 */
final class TokenHandlers {
    static final String FEDERATION_USER = "oidc";
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final TokenService tokens;
    private final PrincipalService principals;
    private final OidcFederation federation;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    TokenHandlers(TokenService tokens, PrincipalService principals, OidcFederation federation, LoginThrottle throttle, AuditLog audit) {
        this.tokens = tokens;
        this.principals = principals;
        this.federation = federation;
        this.throttle = throttle;
        this.audit = audit;
    }

    void get(Context ctx) {
        Optional<String[]> basic = basicCredentials(ctx.header("Authorization"));
        Principal principal = basic.isEmpty() ? principals.anonymous() : login(ctx, basic.get()[0], basic.get()[1]);
        answer(ctx, principal, ctx.queryParams("scope"), ctx.queryParam("service"));
    }

    void post(Context ctx) {
        String grantType = ctx.formParam("grant_type");
        Principal principal;
        if ("password".equals(grantType)) {
            principal = login(ctx, nonNull(ctx.formParam("username")), nonNull(ctx.formParam("password")));
        } else if (TOKEN_EXCHANGE.equals(grantType)) {
            principal = login(ctx, FEDERATION_USER, nonNull(ctx.formParam("subject_token")));
        } else {
            throw new RegistryFailure.Unsupported(400, "grant_type '" + grantType + "' is not supported; use password or " + TOKEN_EXCHANGE);
        }
        answer(ctx, principal, ctx.formParams("scope"), ctx.formParam("service"));
    }

    void jwks(Context ctx) {
        Responses.bytes(ctx, 200, "application/jwk-set+json",
                tokens.publicJwks().toString(true).getBytes(StandardCharsets.UTF_8));
    }

    private void answer(Context ctx, Principal principal, List<String> scopeParams, String service) {
        if (service != null && !service.isEmpty() && !service.equals(tokens.audience())) {
            throw new RegistryFailure.Unsupported(400, "this registry issues tokens for service '" + tokens.audience()
                    + "', not '" + service + "'");
        }
        List<Scope> scopes;
        try {
            scopes = Scope.parseAll(scopeParams);
        } catch (InvalidNameException e) {
            throw new RegistryFailure.NameInvalid(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.Unsupported(400, e.getMessage());
        }
        TokenService.Token token = tokens.issue(principal, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.jwt());
        body.put("access_token", token.jwt());
        body.put("expires_in", token.expiresInSeconds());
        body.put("issued_at", token.issuedAt().toString());
        Responses.json(ctx, 200, "application/json", body);
    }

    /** Checks credentials, slowing down whoever keeps failing; every refusal is audited. */
    private Principal login(Context ctx, String user, String secret) {
        String remote = ctx.req().getRemoteAddr();
        long wait = Math.max(throttle.retryAfter(LoginThrottle.ADDRESS_PREFIX + remote), throttle.retryAfter("user:" + user));
        if (wait > 0) {
            audit.record(new AuditLog.Event(user, "token.throttled", "token", "denied", remote, "retry after " + wait + " s"));
            throw new RegistryFailure.TooManyRequests(wait, "too many failed logins; try again in " + wait + " s");
        }
        Optional<Principal> principal;
        String reason = "wrong credentials";
        if (FEDERATION_USER.equals(user)) {
            try {
                principal = Optional.of(federation.exchange(secret));
            } catch (OidcRejected e) {
                principal = Optional.empty();
                reason = "identity token refused: " + e.getMessage();
            }
        } else {
            principal = principals.authenticate(user, secret);
        }
        if (principal.isEmpty()) {
            throttle.failed(LoginThrottle.ADDRESS_PREFIX + remote);
            throttle.failed("user:" + user);
            audit.record(new AuditLog.Event(user, "token.refused", "token", "denied", remote, reason));
            throw new RegistryFailure.Unauthorized("Basic realm=\"lading\"", "authentication failed: " + reason);
        }
        return principal.get();
    }

    private static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new RegistryFailure.Unauthorized("Basic realm=\"lading\"", "basic credentials must be user:secret");
            }
            return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.Unauthorized("Basic realm=\"lading\"", "basic credentials are not valid base64");
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
