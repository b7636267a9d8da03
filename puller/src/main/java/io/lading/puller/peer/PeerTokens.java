package io.lading.puller.peer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.InvalidNameException;
import io.lading.spec.name.RepositoryName;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a registry token presented to this host's peer server, locally: an ES256 JWT signed by a key of the
 * registry's JWK set ({@code GET {registry}/token/jwks.json}, cached; fetched again for an unknown key id, at most
 * once per 30 s), with the registry's issuer and audience, inside its validity window. No call to the registry per
 * request. {@code alg: none}, HMAC and foreign keys never pass, exactly as at the registry ({@code TokenService}).
 */
public final class PeerTokens {
    /** Tolerated difference between the registry's clock and this host's, as the registry tolerates. */
    private static final int CLOCK_SKEW_SECONDS = 30;
    /** spec/peers.md: the JWK set is fetched again at most once per 30 s, so bad tokens cannot flood the registry. */
    private static final long JWKS_MIN_INTERVAL_MS = 30_000;
    /** Keys are kept this long; a token naming an unknown key id refreshes them sooner. */
    private static final long JWKS_CACHE_MS = 10 * 60_000;
    private static final long JWKS_FETCH_TIMEOUT_MS = 5_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String challenge;

    /**
     * @param registry base URL of the registry
     * @param issuer   the registry's token issuer ({@code --token-issuer}, default {@code lading})
     * @param audience the registry's service name ({@code --token-service}, default {@code lading-registry})
     */
    public PeerTokens(String registry, String issuer, String audience, InstantSource clock) {
        JWKSource<SecurityContext> keys;
        String base = registry.endsWith("/") ? registry : registry + "/";
        this.challenge = "Bearer realm=\"" + base + "token\",service=\"" + audience + "\"";
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(base + "token/jwks.json").toURL())
                    .cache(JWKS_CACHE_MS, JWKS_FETCH_TIMEOUT_MS)
                    .rateLimited(JWKS_MIN_INTERVAL_MS)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("registry URL " + registry + ": " + e.getMessage(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        var claims = new DefaultJWTClaimsVerifier<SecurityContext>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The {@code WWW-Authenticate} value of a 401: where to get a token this peer accepts. */
    public String challenge() {
        return challenge;
    }

    /** The repositories a valid token may pull; throws {@link Refused} with the reason otherwise. */
    public Set<RepositoryName> pullable(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(SignedJWT.parse(token), null);
        } catch (ParseException e) {
            throw new Refused("not a signed JWT: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused(e.getMessage());
        }
        Set<RepositoryName> out = new HashSet<>();
        Object access = claims.getClaim("access");
        if (!(access instanceof List<?> entries)) {
            return out;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> e && Scope.REPOSITORY.equals(e.get("type"))
                    && e.get("actions") instanceof List<?> actions && actions.contains(Action.PULL.id())
                    && e.get("name") instanceof String name) {
                try {
                    out.add(RepositoryName.parse(name));
                } catch (InvalidNameException ignored) {
                    // a name this host cannot hold a blob under grants nothing here
                }
            }
        }
        return out;
    }

    /** A token that does not prove anything: unsigned, forged, expired, or for another registry. */
    public static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }
}
