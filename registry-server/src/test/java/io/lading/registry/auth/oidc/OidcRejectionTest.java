package io.lading.registry.auth.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.lading.registry.auth.oidc.OidcFederationTest.FakeIssuer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens that federation refuses: each one checks the refusal happens for the reason the test is about. */
class OidcRejectionTest {
    private static final String MAIN_ONLY = """
            [{"claims": {"repository": "org/train", "ref": "refs/heads/main"},
              "grants": [{"repository": "models/org/**", "actions": ["pull", "push"]}]}]""";
    private final FakeIssuer issuer = new FakeIssuer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        issuer.close();
    }

    private void assertRejected(OidcFederation federation, String token, String reason) {
        OidcRejected e = assertThrows(OidcRejected.class, () -> federation.exchange(token));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "the reason must be one line, it is logged");
    }

    private void assertRejected(JWTClaimsSet claims, String reason) {
        assertRejected(issuer.federation(dir, MAIN_ONLY), issuer.sign(FakeIssuer.KEY_A, claims), reason);
    }

    @Test
    void givenClaimsMatchingNoRule_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().claim("ref", "refs/heads/feature").build(), "no federation rule");
    }

    @Test
    void givenARuleClaimThatIsMissingOrNotAString_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().claim("repository", null).build(), "no federation rule");
        assertRejected(issuer.claims().claim("ref", 42).build(), "no federation rule");
    }

    @Test
    void givenARegexRule_whenTheValueOnlyPartlyMatches_thenRejected() {
        OidcFederation federation = issuer.federation(dir, """
                [{"claims": {"ref": "re:refs/heads/main"}, "grants": [{"repository": "**", "actions": ["pull"]}]}]""");
        assertRejected(federation, issuer.sign(FakeIssuer.KEY_A, issuer.claims().claim("ref", "refs/heads/main-x").build()),
                "no federation rule");
    }

    @Test
    void givenATokenForAnotherAudience_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().audience("someone-else").build(), "aud claim rejected");
    }

    @Test
    void givenAnExpiredToken_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().issueTime(issuer.at(-600)).expirationTime(issuer.at(-60)).build(), "Expired JWT");
    }

    @Test
    void givenATokenNotValidBeforeAMinuteFromNow_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().notBeforeTime(issuer.at(60)).build(), "before use time");
    }

    @Test
    void givenATokenIssuedInTheFuture_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().issueTime(issuer.at(120)).expirationTime(issuer.at(600)).build(), "issued in the future");
    }

    @Test
    void givenATokenWithoutSub_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().subject(null).build(), "missing required claims");
    }

    @Test
    void givenATokenFromAnIssuerNotConfigured_whenExchanged_thenRejected() {
        assertRejected(issuer.claims().issuer("https://evil.example.com").build(), "is not trusted");
    }

    @Test
    void givenATokenSignedByAKeyNotInTheJwks_whenExchanged_thenRejected() {
        assertRejected(issuer.federation(dir, MAIN_ONLY), issuer.sign(FakeIssuer.KEY_B, issuer.claims().build()), "no matching key");
    }

    @Test
    void givenATokenSignedByAnotherKeyUnderAKnownKid_whenExchanged_thenRejected() {
        RSAKey impostor = FakeIssuer.rsa(FakeIssuer.KEY_A.getKeyID());
        assertRejected(issuer.federation(dir, MAIN_ONLY), issuer.sign(impostor, issuer.claims().build()), "Invalid signature");
    }

    @Test
    void givenAnUnsignedAlgNoneToken_whenExchanged_thenRejected() {
        String token = new PlainJWT(issuer.claims().build()).serialize();
        assertRejected(issuer.federation(dir, MAIN_ONLY), token, "not signed");
    }

    @Test
    void givenAnHs256Token_whenExchanged_thenRejected() throws JOSEException {
        // The classic confusion attack: an HMAC keyed with something public. It must not even reach key lookup.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-a").build(), issuer.claims().build());
        jwt.sign(new MACSigner(new byte[32]));
        assertRejected(issuer.federation(dir, MAIN_ONLY), jwt.serialize(), "RS256 or ES256");
    }

    @Test
    void givenSomethingThatIsNotAJwt_whenExchanged_thenRejected() {
        assertRejected(issuer.federation(dir, MAIN_ONLY), "not-a-jwt", "not a JWT");
        assertRejected(issuer.federation(dir, MAIN_ONLY), "", "empty");
    }

    @Test
    void givenAnIssuerWhoseDiscoveryFails_whenExchanged_thenRejectedNotCrashed() {
        issuer.server.stubFor(get(FakeIssuer.DISCOVERY).willReturn(aResponse().withStatus(500)));
        assertRejected(issuer.claims().build(), "OIDC discovery of " + issuer.url() + " failed");
    }

    @Test
    void givenAnIssuerWhoseJwksIsDown_whenExchanged_thenRejectedNotCrashed() {
        issuer.server.stubFor(get("/jwks").willReturn(aResponse().withStatus(503)));
        assertRejected(issuer.claims().build(), "failed verification");
    }

    @Test
    void givenADiscoveryDocumentNamingAnotherIssuer_whenExchanged_thenRejected() {
        issuer.server.stubFor(get(FakeIssuer.DISCOVERY).willReturn(aResponse().withStatus(200)
                .withBody("{\"issuer\": \"https://other.example.com\", \"jwks_uri\": \"" + issuer.url() + "/jwks\"}")));
        assertRejected(issuer.claims().build(), "names issuer");
    }

    @Test
    void givenNoFederationConfigured_whenAnyTokenIsExchanged_thenRejected() {
        assertRejected(OidcFederation.none(), issuer.sign(FakeIssuer.KEY_A, issuer.claims().build()), "no OIDC issuer is trusted");
        assertRejected(OidcFederation.none(), "not-a-jwt", "no OIDC issuer is trusted");
    }
}
