package io.lading.registry.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lading.spec.auth.AccessEntry;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies registry tokens (https://distribution.github.io/distribution/spec/auth/jwt/):
 * ES256 JWTs whose {@code access} claim lists, per scope asked for, only the actions the principal is
 * granted. Verification accepts nothing but ES256 from our own keys, with the right issuer and audience,
 * inside its validity window: {@code alg: none}, HS256 and foreign keys never get through.
 */
public final class TokenService {
    static final String ACCESS_CLAIM = "access";
    static final String VISIBLE_CLAIM = "lading_visible";

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final VerifiedTokens verified;

    public TokenService(SigningKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        this.verified = new VerifiedTokens(clock);
    }

    public record Token(String jwt, long expiresInSeconds, Instant issuedAt, List<AccessEntry> access) {
    }

    /**
     * A service that signs with the same keys under other settings. Security tests use it to mint tokens
     * that must be refused: expired ones, or ones for another issuer or audience.
     */
    public TokenService variant(String otherIssuer, String otherAudience, Clock otherClock) {
        return new TokenService(keys, otherIssuer, otherAudience, ttl, otherClock);
    }

    public String audience() {
        return audience;
    }

    /** How many verified tokens are remembered; for tests of the cache. */
    int rememberedTokens() {
        return verified.size();
    }

    public Token issue(Principal principal, List<Scope> requested) {
        List<AccessEntry> access = new ArrayList<>();
        List<String> visible = new ArrayList<>();
        for (Scope scope : requested) {
            granted(principal, scope).ifPresent(access::add);
            if (scope.type().equals(Scope.REGISTRY) && scope.name().equals(Scope.CATALOG) && principal.kind() != Principal.Kind.ANONYMOUS) {
                principal.grants().stream().filter(g -> g.actions().contains(Action.PULL)).forEach(g -> visible.add(g.pattern().value()));
            }
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject(principal.name())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(ACCESS_CLAIM, access.stream().map(e -> Map.of("type", e.type(), "name", e.name(), "actions", e.actions())).toList())
                .claim(VISIBLE_CLAIM, visible)
                .build();
        ECKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token with " + key.getKeyID() + " failed", e);
        }
        return new Token(jwt.serialize(), ttl.toSeconds(), now, access);
    }

    /** The entry a scope earns: the requested actions the principal holds, or nothing. Never more than asked. */
    private static Optional<AccessEntry> granted(Principal principal, Scope scope) {
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        if (scope.isRepository()) {
            allowed.addAll(Grant.allowed(principal.grants(), RepositoryName.parse(scope.name())));
            if (principal.kind() == Principal.Kind.ANONYMOUS) {
                allowed.retainAll(Set.of(Action.PULL));
            }
        } else if (scope.name().equals(Scope.ADMIN) && Grant.isAdmin(principal.grants())) {
            allowed.add(Action.ADMIN);
        } else if (scope.name().equals(Scope.CATALOG) && principal.kind() != Principal.Kind.ANONYMOUS) {
            return Optional.of(new AccessEntry(scope.type(), scope.name(), List.of("*")));
        }
        allowed.retainAll(scope.actions());
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = scope.isRepository() ? allowed.stream().map(Action::id).sorted().toList() : List.of("*");
        return Optional.of(new AccessEntry(scope.type(), scope.name(), ids));
    }

    /**
     * The claims of a token we issued and that is valid now; throws InvalidToken with the reason otherwise.
     * A token verified before is answered from {@link VerifiedTokens} until its expiry.
     */
    public AccessClaims verify(String token) {
        AccessClaims known = verified.get(token);
        if (known != null) {
            return known;
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidToken("not a signed JWT: " + e.getMessage());
        }
        var processor = new DefaultJWTProcessor<SecurityContext>();
        var jwks = new JWKSet(keys.verificationKeys(jwt.getHeader().getKeyID()).stream()
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(audience, new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "nbf", "iat")) {
            // Our clock, not the library's new Date(): the cache and the verifier agree on what "now" is.
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            AccessClaims access = claimsOf(claims);
            verified.put(token, access, claims.getExpirationTime().toInstant());
            return access;
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidToken(e.getMessage());
        }
    }

    /** Tolerated difference between replicas' clocks. */
    private static final int CLOCK_SKEW_SECONDS = 30;

    @SuppressWarnings("unchecked")
    private static AccessClaims claimsOf(JWTClaimsSet claims) {
        Map<String, Set<Action>> access = new HashMap<>();
        Object raw = claims.getClaim(ACCESS_CLAIM);
        if (raw instanceof List<?> entries) {
            for (Object o : entries) {
                if (o instanceof Map<?, ?> m) {
                    Set<Action> actions = EnumSet.noneOf(Action.class);
                    for (Object a : (List<Object>) m.get("actions")) {
                        Action.byId(String.valueOf(a)).ifPresent(actions::add);
                    }
                    access.put(AccessClaims.key(String.valueOf(m.get("type")), String.valueOf(m.get("name"))), actions);
                }
            }
        }
        List<RepositoryPattern> visible = new ArrayList<>();
        if (claims.getClaim(VISIBLE_CLAIM) instanceof List<?> patterns) {
            patterns.forEach(p -> visible.add(RepositoryPattern.parse(String.valueOf(p))));
        }
        return new AccessClaims(claims.getSubject(), access, visible);
    }

    /** A token that is not one of ours, or not valid now. */
    public static final class InvalidToken extends RuntimeException {
        public InvalidToken(String reason) {
            super(reason, null, false, false);
        }
    }

    public JWKSet publicJwks() {
        return keys.publicJwks();
    }

    /** Starts signing with a new key now; tokens signed with the old one stay valid until they expire. */
    public void rotate() {
        keys.rotate();
    }
}
