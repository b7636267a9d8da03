package io.lading.registry.auth.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lading.registry.auth.Grant;
import io.lading.registry.auth.Principal;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.spec.auth.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens that federation accepts, against a WireMock issuer serving discovery and a JWKS on 127.0.0.1. */
class OidcFederationTest {
    private static final String SUB = "repo:org/train:ref:refs/heads/main";
    private final FakeIssuer issuer = new FakeIssuer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void givenTokenMatchingARule_whenExchanged_thenPrincipalIsOidcHostSubWithTheRuleGrants() {
        OidcFederation federation = issuer.federation(dir, """
                [{"claims": {"repository": "org/train-*", "ref": "refs/heads/main"},
                  "grants": [{"repository": "models/org/**", "actions": ["pull", "push"]}]}]""");
        Principal p = federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().claim("repository", "org/train-llm").build()));
        assertEquals("oidc:127.0.0.1:" + SUB, p.name());
        assertEquals(Principal.Kind.FEDERATED, p.kind());
        assertEquals(List.of(new Grant(0, p.name(), RepositoryPattern.parse("models/org/**"), Set.of(Action.PULL, Action.PUSH))), p.grants());
    }

    @Test
    void givenTwoMatchingRules_whenExchanged_thenTheirGrantsAreUnioned() {
        OidcFederation federation = issuer.federation(dir, """
                [{"grants": [{"repository": "models/org/**", "actions": ["pull"]}]},
                 {"claims": {"ref": "re:refs/(heads|tags)/.+"},
                  "grants": [{"repository": "models/org/**", "actions": ["push"]},
                             {"repository": "models/shared/*", "actions": ["pull", "rollout"]}]},
                 {"claims": {"ref": "refs/heads/dev"}, "grants": [{"repository": "scratch/**", "actions": ["delete"]}]}]""");
        Principal p = federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().build()));
        // The third rule does not match, so scratch/** must not appear; the first two merge on models/org/**.
        assertEquals(List.of(new Grant(0, p.name(), RepositoryPattern.parse("models/org/**"), Set.of(Action.PULL, Action.PUSH)),
                new Grant(0, p.name(), RepositoryPattern.parse("models/shared/*"), Set.of(Action.PULL, Action.ROLLOUT))), p.grants());
    }

    @Test
    void givenAnEs256Token_whenExchanged_thenItIsAccepted() {
        issuer.serveKeys(FakeIssuer.KEY_A, FakeIssuer.EC_KEY);
        OidcFederation federation = issuer.federation(dir, FakeIssuer.PULL_ANYTHING);
        assertEquals("oidc:127.0.0.1:" + SUB, federation.exchange(issuer.sign(FakeIssuer.EC_KEY, issuer.claims().build())).name());
    }

    @Test
    void givenATokenExpiredLessThanTheClockSkewAgo_whenExchanged_thenItIsStillAccepted() {
        OidcFederation federation = issuer.federation(dir, FakeIssuer.PULL_ANYTHING);
        federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().expirationTime(issuer.at(-20)).build()));
    }

    @Test
    void givenALoadedConfig_whenTokensArrive_thenDiscoveryIsLazyAndKeysAreFetchedOnce() {
        OidcFederation federation = issuer.federation(dir, FakeIssuer.PULL_ANYTHING);
        issuer.server.verify(0, getRequestedFor(urlEqualTo(FakeIssuer.DISCOVERY)));
        for (int i = 0; i < 3; i++) {
            federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().build()));
        }
        issuer.server.verify(1, getRequestedFor(urlEqualTo(FakeIssuer.DISCOVERY)));
        issuer.server.verify(1, getRequestedFor(urlEqualTo("/jwks")));
    }

    @Test
    void givenTheIssuerRotatedToANewKey_whenATokenNamesTheNewKid_thenTheJwksIsRefetchedAndTheTokenAccepted() {
        OidcFederation federation = issuer.federation(dir, FakeIssuer.PULL_ANYTHING);
        federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().build()));
        issuer.serveKeys(FakeIssuer.KEY_B, FakeIssuer.KEY_A);
        federation.exchange(issuer.sign(FakeIssuer.KEY_B, issuer.claims().build()));
        // Key A is still served and still cached: tokens minted before the rotation keep working.
        federation.exchange(issuer.sign(FakeIssuer.KEY_A, issuer.claims().build()));
        issuer.server.verify(2, getRequestedFor(urlEqualTo("/jwks")));
    }

    /** An OIDC issuer on a dynamic 127.0.0.1 port, and the tokens it would mint. Shared with the other tests here. */
    static final class FakeIssuer implements AutoCloseable {
        static final String DISCOVERY = "/.well-known/openid-configuration";
        static final String PULL_ANYTHING = "[{\"grants\": [{\"repository\": \"**\", \"actions\": [\"pull\"]}]}]";
        static final RSAKey KEY_A = rsa("key-a");
        static final RSAKey KEY_B = rsa("key-b");
        static final ECKey EC_KEY = ec("key-ec");
        final WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        // Fixed, so "now" for minting and for verifying is the same instant.
        final Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

        FakeIssuer() {
            server.start();
            server.stubFor(get(DISCOVERY).willReturn(okJson("{\"issuer\": \"" + url() + "\", \"jwks_uri\": \"" + url() + "/jwks\"}")));
            serveKeys(KEY_A);
        }

        String url() {
            return "http://127.0.0.1:" + server.port();
        }

        /** The newest stub wins in WireMock, so this replaces what the JWKS endpoint serves. */
        void serveKeys(JWK... keys) {
            server.stubFor(get("/jwks").willReturn(okJson(new JWKSet(List.of(keys)).toPublicJWKSet().toString())));
        }

        /** A federation trusting this issuer for audience "lading" with the given rules. */
        OidcFederation federation(Path dir, String rulesJson) {
            Path file = dir.resolve("oidc.json");
            try {
                Files.writeString(file, "{\"issuers\": [{\"issuer\": \"" + url() + "\", \"audience\": \"lading\", \"rules\": "
                        + rulesJson + "}]}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return OidcFederation.load(file, clock);
        }

        Date at(long secondsFromNow) {
            return Date.from(clock.instant().plusSeconds(secondsFromNow));
        }

        /** What a CI job's token looks like: valid for five minutes from now, for audience "lading". */
        JWTClaimsSet.Builder claims() {
            return new JWTClaimsSet.Builder().issuer(url()).audience("lading").subject(SUB).issueTime(at(0))
                    .expirationTime(at(300)).claim("repository", "org/train").claim("ref", "refs/heads/main");
        }

        String sign(JWK key, JWTClaimsSet claims) {
            try {
                boolean rsa = key instanceof RSAKey;
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                        .keyID(key.getKeyID()).build(), claims);
                jwt.sign(rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        static RSAKey rsa(String kid) {
            try {
                return new RSAKeyGenerator(2048).keyID(kid).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        static ECKey ec(String kid) {
            try {
                return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
