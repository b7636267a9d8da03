package io.lading.registry.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.lading.registry.auth.Grant;
import io.lading.registry.auth.Principal;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.registry.auth.oidc.FederationConfig.GrantSpec;
import io.lading.registry.auth.oidc.FederationConfig.Rule;
import io.lading.spec.auth.Action;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OIDC federation: a CI or training job trades an identity token from a trusted issuer for a registry
 * principal, with no static secret. Which issuers are trusted, and which token claims earn which grants,
 * comes from the config file described in spec/oidc-federation.md.
 */
public final class OidcFederation {
    /** Far above any real identity token; refuses megabytes of junk before parsing it. */
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The audit log's actor column. */
    private static final int MAX_NAME_CHARS = 255;

    private final Map<String, IssuerVerifier> issuers;

    private OidcFederation(Map<String, IssuerVerifier> issuers) {
        this.issuers = issuers;
    }

    /** Reads the JSON config file (format below). Throws IllegalArgumentException with a one-line reason on a bad file. */
    public static OidcFederation load(Path configFile, Clock clock) {
        FederationConfig config = FederationConfig.read(configFile);
        return new OidcFederation(config.issuers().stream().collect(Collectors.toUnmodifiableMap(
                FederationConfig.TrustedIssuer::issuer, i -> new IssuerVerifier(i, clock))));
    }

    /** A federation that trusts no issuer (when no config is given): exchange always throws. */
    public static OidcFederation none() {
        return new OidcFederation(Map.of());
    }

    /**
     * Verifies the identity token and maps it to a principal with the grants of every matching rule.
     * Throws OidcRejected when the token is malformed, from an untrusted issuer, signed by an unknown or wrong
     * key, of the wrong audience, expired or not yet valid (30 s clock skew allowed), or matches no rule.
     */
    public Principal exchange(String identityToken) {
        if (issuers.isEmpty()) {
            throw new OidcRejected("no OIDC issuer is trusted by this registry");
        }
        SignedJWT jwt = parseSigned(identityToken);
        String issuer = unverifiedIssuer(jwt);
        IssuerVerifier verifier = issuers.get(issuer);
        if (verifier == null) {
            throw new OidcRejected("issuer '" + printable(issuer) + "' is not trusted by this registry");
        }
        // Everything below reads claims that verify() has checked; the unverified iss only chose the verifier.
        JWTClaimsSet claims = verifier.verify(jwt);
        String name = "oidc:" + URI.create(issuer).getHost() + ":" + claims.getSubject();
        if (name.length() > MAX_NAME_CHARS || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new OidcRejected("the token's sub is too long or holds control characters");
        }
        Map<RepositoryPattern, Set<Action>> granted = new LinkedHashMap<>();
        for (Rule rule : verifier.config().rules()) {
            if (matches(rule, claims)) {
                for (GrantSpec g : rule.grants()) {
                    granted.computeIfAbsent(g.pattern(), p -> EnumSet.noneOf(Action.class)).addAll(g.actions());
                }
            }
        }
        if (granted.isEmpty()) {
            throw new OidcRejected("no federation rule of " + issuer + " matches the token of " + printable(name));
        }
        List<Grant> grants = granted.entrySet().stream()
                .map(e -> new Grant(0, name, e.getKey(), e.getValue())).toList();
        return new Principal(name, Principal.Kind.FEDERATED, grants);
    }

    /** Every listed claim must be present as a string and match; a rule listing none matches any token. */
    private static boolean matches(Rule rule, JWTClaimsSet claims) {
        return rule.claims().entrySet().stream()
                .allMatch(c -> claims.getClaim(c.getKey()) instanceof String v && c.getValue().matches(v));
    }

    /** Refuses unsigned tokens and other algorithms before any network fetch, so junk costs us nothing. */
    private static SignedJWT parseSigned(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw new OidcRejected("the identity token is empty or too long");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new OidcRejected("the identity token is not a JWT: " + printable(e.getMessage()));
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new OidcRejected("the identity token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!IssuerVerifier.ALGORITHMS.contains(alg)) {
            throw new OidcRejected("identity tokens must be signed with RS256 or ES256, not " + printable(alg.getName()));
        }
        return signed;
    }

    private static String unverifiedIssuer(SignedJWT jwt) {
        try {
            String iss = jwt.getJWTClaimsSet().getIssuer();
            if (iss == null) {
                throw new OidcRejected("the identity token has no iss claim");
            }
            return iss;
        } catch (ParseException e) {
            throw new OidcRejected("the identity token's claims are not valid: " + printable(e.getMessage()));
        }
    }

    /** Makes text from a token safe for a one-line log entry: no control characters, bounded length. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
