package io.lading.registry.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lading.registry.auth.oidc.FederationConfig.TrustedIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the tokens of one trusted issuer. Its keys are found through OIDC discovery on the first token
 * (so a registry starts even when an issuer is down) and then cached by Nimbus, which refetches the JWKS when
 * a token names a key it has not seen: that is how an issuer's key rotation reaches us without a restart.
 */
final class IssuerVerifier {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final int CLOCK_SKEW_SECONDS = 30;
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int READ_TIMEOUT_MS = 5_000;
    private static final int SIZE_LIMIT_BYTES = 256 * 1024;
    private static final long KEY_CACHE_TTL_MS = Duration.ofMinutes(10).toMillis();
    private static final long KEY_REFRESH_TIMEOUT_MS = READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS;
    // Nimbus allows two JWKS fetches per interval: enough for a rotation, not enough to be used as a flood.
    private static final long KEY_FETCH_INTERVAL_MS = Duration.ofSeconds(30).toMillis();
    // After a failed discovery, tokens are refused with the same reason for a while instead of each one waiting on a timeout.
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(IssuerVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrustedIssuer config;
    private final Clock clock;
    private final ResourceRetriever http = new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES);
    private DefaultJWTProcessor<SecurityContext> processor; // guarded by this
    private Instant failedAt; // guarded by this
    private String failure; // guarded by this

    IssuerVerifier(TrustedIssuer config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    TrustedIssuer config() {
        return config;
    }

    /** The verified claims; throws OidcRejected for a bad signature, unknown key, wrong audience or time. */
    JWTClaimsSet verify(SignedJWT jwt) {
        try {
            return processor().process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcRejected("identity token from " + config.issuer() + " failed verification: "
                    + OidcFederation.printable(e.getMessage()));
        }
    }

    /** Discovers the issuer once; concurrent first tokens wait for the one discovery instead of each starting one. */
    private synchronized DefaultJWTProcessor<SecurityContext> processor() {
        if (processor != null) {
            return processor;
        }
        if (failedAt != null && clock.instant().isBefore(failedAt.plus(DISCOVERY_RETRY))) {
            throw new OidcRejected(failure);
        }
        try {
            processor = newProcessor(discoverJwksUri());
            return processor;
        } catch (IOException | RuntimeException e) {
            failedAt = clock.instant();
            failure = "OIDC discovery of " + config.issuer() + " failed: " + OidcFederation.printable(e.getMessage());
            log.warn("{}", failure);
            throw new OidcRejected(failure);
        }
    }

    private URL discoverJwksUri() throws IOException {
        String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1) : config.issuer();
        JsonNode doc = JSON.readTree(http.retrieveResource(URI.create(base + "/.well-known/openid-configuration").toURL()).getContent());
        // OIDC Discovery 1.0 §4.3: the document must name the issuer we asked, or it describes someone else.
        if (!config.issuer().equals(doc.path("issuer").asText(null))) {
            throw new IOException("discovery document names issuer '" + doc.path("issuer").asText("") + "'");
        }
        String jwksUri = doc.path("jwks_uri").asText("");
        try {
            FederationConfig.checkIssuerUrl(jwksUri, "jwks_uri");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return URI.create(jwksUri).toURL();
    }

    private DefaultJWTProcessor<SecurityContext> newProcessor(URL jwksUri) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUri, http)
                .cache(KEY_CACHE_TTL_MS, KEY_REFRESH_TIMEOUT_MS)
                .rateLimited(KEY_FETCH_INTERVAL_MS)
                .build();
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        var claims = new DefaultJWTClaimsVerifier<SecurityContext>(Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("sub", "exp", "iat"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }

            @Override
            public void verify(JWTClaimsSet set, SecurityContext context) throws BadJWTException {
                super.verify(set, context);
                // Nimbus checks exp and nbf but not iat; a token minted in the future is as suspect as one not yet valid.
                if (set.getIssueTime().toInstant().isAfter(clock.instant().plusSeconds(CLOCK_SKEW_SECONDS))) {
                    throw new BadJWTException("JWT issued in the future");
                }
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }
}
