package io.lading.registry.auth;

import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TokenClient;
import io.lading.spec.auth.Scope;
import io.lading.spec.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad token is refused with 401 and the Bearer challenge; none gets a byte. */
class TokenSecurityIT {
    private static SecuredRegistry r;
    private static final String REPO = "secure/model";
    private static String blobPath;

    @BeforeAll
    static void start() {
        r = new SecuredRegistry();
        blobPath = "/v2/" + REPO + "/blobs/" + r.pushBlob(REPO, "weights".getBytes());
    }

    @AfterAll
    static void stop() {
        r.close();
    }

    private int getWith(String token) {
        var b = r.http.request(blobPath).GET();
        return r.http.send(token == null ? b : TokenClient.bearer(b, token)).statusCode();
    }

    private static Principal admin() {
        return new Principal("admin", Principal.Kind.USER, List.of(new Grant(0, "admin", RepositoryPattern.parse("**"),
                java.util.EnumSet.allOf(io.lading.spec.auth.Action.class))));
    }

    private static List<Scope> pull() {
        return List.of(Scope.parse("repository:" + REPO + ":pull"));
    }

    @Test
    void aValidTokenReads() {
        assertEquals(200, getWith(r.adminToken("repository:" + REPO + ":pull")));
    }

    @Test
    void noTokenGets401WithTheChallengeForTheScopeNeeded() {
        var resp = r.http.get(blobPath);
        assertEquals(401, resp.statusCode());
        String challenge = resp.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer realm=\"http://"), challenge);
        assertTrue(challenge.contains("/token\",service=\"lading-registry\",scope=\"repository:" + REPO + ":pull\""), challenge);
        assertTrue(new String(resp.body()).contains("UNAUTHORIZED"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = r.registry.components().tokens().variant("lading", "lading-registry", past).issue(admin(), pull()).jwt();
        assertEquals(401, getWith(expired));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        assertEquals(401, getWith(r.registry.components().tokens().variant("lading", "lading-registry", future).issue(admin(), pull()).jwt()));
    }

    @Test
    void aTokenForAnotherAudienceOrIssuerIsRefused() {
        var tokens = r.registry.components().tokens();
        assertEquals(401, getWith(tokens.variant("lading", "another-registry", Clock.systemUTC()).issue(admin(), pull()).jwt()));
        assertEquals(401, getWith(tokens.variant("someone-else", "lading-registry", Clock.systemUTC()).issue(admin(), pull()).jwt()));
    }

    @Test
    void aForgedSignatureIsRefused() {
        String valid = r.adminToken("repository:" + REPO + ":pull");
        String[] parts = valid.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[5] ^= 0x01;
        assertEquals(401, getWith(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
    }

    @Test
    void algNoneIsRefused() {
        String valid = r.adminToken("repository:" + REPO + ":pull");
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, getWith(header + "." + valid.split("\\.")[1] + "."));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        String valid = r.adminToken("repository:" + REPO + ":pull");
        String jwks = new String(r.http.get("/token/jwks.json").body(), StandardCharsets.UTF_8);
        ECKey published = (ECKey) JWKSet.parse(jwks).getKeys().get(0);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                SignedJWT.parse(valid).getJWTClaimsSet());
        forged.sign(new MACSigner(published.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, getWith(forged.serialize()));
    }

    @Test
    void aTokenSignedByAnotherKeyWithOurKeyIdIsRefused() throws Exception {
        String valid = r.adminToken("repository:" + REPO + ":pull");
        SignedJWT original = SignedJWT.parse(valid);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(original.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID()).build(),
                original.getJWTClaimsSet());
        forged.sign(new ECDSASigner(attacker));
        assertEquals(401, getWith(forged.serialize()));
    }

    @Test
    void garbageIsRefused() {
        assertEquals(401, getWith("not-a-token"));
        assertEquals(401, getWith(""));
    }

    @Test
    void afterAKeyRotationOldTokensStillVerifyAndTheJwkSetHasBothKeys() throws Exception {
        String before = r.adminToken("repository:" + REPO + ":pull");
        int keysBefore = JWKSet.parse(new String(r.http.get("/token/jwks.json").body())).getKeys().size();
        r.registry.components().tokens().rotate();
        String after = r.adminToken("repository:" + REPO + ":pull");
        assertNotEquals(SignedJWT.parse(before).getHeader().getKeyID(), SignedJWT.parse(after).getHeader().getKeyID());
        assertEquals(200, getWith(before));
        assertEquals(200, getWith(after));
        assertEquals(keysBefore + 1, JWKSet.parse(new String(r.http.get("/token/jwks.json").body())).getKeys().size());
    }

    @Test
    void aVerifiedTokenIsAnsweredFromTheCache_butRefusedOnceExpiredEvenThoughItWasCached() {
        ManualClock clock = new ManualClock(Instant.now());
        TokenService tokens = r.registry.components().tokens().variant("lading", "lading-registry", clock);
        TokenService.Token token = tokens.issue(admin(), pull());
        AccessClaims first = tokens.verify(token.jwt());
        assertEquals(1, tokens.rememberedTokens());
        assertSame(first, tokens.verify(token.jwt()), "the second verification is the cached one");

        // Past the expiry but inside the verifier's clock skew: the cache no longer answers, full verification does.
        clock.advance(Duration.ofSeconds(token.expiresInSeconds() + 10));
        assertNotSame(first, tokens.verify(token.jwt()));
        assertEquals(0, tokens.rememberedTokens(), "a token past its expiry is never remembered again");

        clock.advance(Duration.ofSeconds(30));
        assertThrows(TokenService.InvalidToken.class, () -> tokens.verify(token.jwt()));
    }

    @Test
    void aForgedTokenNeverHitsTheCacheOfItsGenuineTwin() throws Exception {
        String valid = r.adminToken("repository:" + REPO + ":pull");
        assertEquals(200, getWith(valid));
        assertEquals(200, getWith(valid), "now cached");
        String[] parts = valid.split("\\.");
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        sig[7] ^= 0x01;
        assertEquals(401, getWith(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
        SignedJWT original = SignedJWT.parse(valid);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(original.getHeader().getKeyID()).generate();
        SignedJWT sameClaims = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID()).build(),
                original.getJWTClaimsSet());
        sameClaims.sign(new ECDSASigner(attacker));
        assertEquals(401, getWith(sameClaims.serialize()));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, getWith(none + "." + parts[1] + "."));
        assertEquals(200, getWith(valid), "the genuine token still works");
    }
}
