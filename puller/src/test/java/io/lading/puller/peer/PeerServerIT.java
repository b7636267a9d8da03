package io.lading.puller.peer;

import static io.lading.puller.peer.PeerHosts.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.registry.auth.Grant;
import io.lading.registry.auth.Principal;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.registry.auth.TokenService;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer server's door (spec/peers.md, "Peer server"): a host that pulled a model serves its blob only to a
 * registry token, checked locally, that may pull a repository this host knows holds the blob. Expired, forged,
 * unsigned, HMAC-signed, wrong-audience and wrong-issuer tokens are refused; a token for another repository never
 * reads the blob.
 */
class PeerServerIT {
    private static final int CHUNK = 1 << 20;
    private static final int SIZE = 3 * CHUNK + 5;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static TestRegistry registry;
    private static PeerHosts hosts;
    private static PeerHosts.Host host;
    private static RepositoryName holding;
    private static RepositoryName other;
    private static Digest blob;
    private static byte[] bytes;

    @BeforeAll
    static void aHostThatPulledAModel() throws Exception {
        registry = TestRegistry.start(CHUNK);
        holding = TestFiles.uniqueRepository("held");
        other = TestFiles.uniqueRepository("other");
        Path shards = Files.createDirectories(dir.resolve("model"));
        Path shard = TestFiles.random(shards, "weights.bin", SIZE, 21);
        bytes = Files.readAllBytes(shard);
        blob = Digest.sha256Of(bytes);
        new ArtifactPusher(registry.admin(), 2, null).push(holding, Tag.parse("prod"), shards, PushListener.NONE);
        // The other repository exists and has a model of its own, but not this blob.
        Path otherShards = Files.createDirectories(dir.resolve("other"));
        TestFiles.random(otherShards, "weights.bin", CHUNK, 22);
        new ArtifactPusher(registry.admin(), 2, null).push(other, Tag.parse("prod"), otherShards, PushListener.NONE);
        hosts = new PeerHosts(dir, registry.url());
        host = hosts.start(9, holding, Map.of("zone", "z1"), new PeerHosts.Tuning(20, null, 0));
        await("host-9 holds the blob", 60, () -> host.holds(blob));
    }

    @AfterAll
    static void stop() throws Exception {
        hosts.close();
        registry.close();
    }

    private static HttpResponse<byte[]> get(String token, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.peerUrl() + PeerServer.BLOBS_PATH + blob));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String code(HttpResponse<byte[]> r) {
        String body = new String(r.body());
        int at = body.indexOf("\"code\":\"");
        return at < 0 ? body : body.substring(at + 8, body.indexOf('"', at + 8));
    }

    private static TokenService tokens() {
        return registry.running().components().tokens();
    }

    private static Principal puller(RepositoryName repository, Action action) {
        return new Principal("host-robot", Principal.Kind.ROBOT, List.of(
                new Grant(1, "host-robot", RepositoryPattern.parse(repository.value()), Set.of(action))));
    }

    private static String token(TokenService service, RepositoryName repository) {
        return service.issue(puller(repository, Action.PULL), List.of(Scope.repository(repository, Set.of(Action.PULL)))).jwt();
    }

    @Test
    void givenATokenThatMayPullAHoldingRepository_whenAskingForAChunk_thenThePeerServesExactlyThoseBytes() throws Exception {
        HttpResponse<byte[]> r = get(registry.admin().pullToken(holding), "bytes=" + CHUNK + "-" + (2 * CHUNK - 1));

        assertEquals(206, r.statusCode());
        assertEquals("bytes " + CHUNK + "-" + (2 * CHUNK - 1) + "/" + SIZE, r.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(bytes, CHUNK, 2 * CHUNK), r.body());
        assertEquals(200, get(token(tokens(), holding), null).statusCode(), "a robot's pull token, the whole blob");
    }

    @Test
    void givenNoToken_whenAsking_thenUnauthorizedWithAChallengeNamingTheRegistry() throws Exception {
        HttpResponse<byte[]> r = get(null, "bytes=0-9");

        assertEquals(401, r.statusCode());
        assertEquals("UNAUTHORIZED", code(r));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("realm=\"" + registry.url() + "/token\""),
                r.headers().toString());
    }

    @Test
    void givenAnExpiredToken_whenAsking_thenUnauthorized() throws Exception {
        TokenService past = tokens().variant("lading", "lading-registry", Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));

        HttpResponse<byte[]> r = get(token(past, holding), "bytes=0-9");

        assertEquals(401, r.statusCode());
        assertEquals("UNAUTHORIZED", code(r));
    }

    @Test
    void givenATokenForAnotherAudienceOrIssuer_whenAsking_thenUnauthorized() throws Exception {
        assertEquals(401, get(token(tokens().variant("lading", "another-registry", Clock.systemUTC()), holding), "bytes=0-9").statusCode());
        assertEquals(401, get(token(tokens().variant("someone-else", "lading-registry", Clock.systemUTC()), holding), "bytes=0-9").statusCode());
    }

    @Test
    void givenForgedUnsignedOrHmacTokens_whenAsking_thenUnauthorized() throws Exception {
        SignedJWT real = SignedJWT.parse(token(tokens(), holding));
        JWTClaimsSet claims = real.getJWTClaimsSet();
        String kid = real.getHeader().getKeyID();

        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
        forged.sign(new ECDSASigner(attacker));
        String unsigned = new PlainJWT(claims).serialize();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
        hmac.sign(new MACSigner(secret));

        assertEquals(401, get(forged.serialize(), "bytes=0-9").statusCode(), "signed by a key the registry never had");
        assertEquals(401, get(unsigned, "bytes=0-9").statusCode(), "alg: none");
        assertEquals(401, get(hmac.serialize(), "bytes=0-9").statusCode(), "HS256");
        assertEquals(401, get(real.serialize() + "x", "bytes=0-9").statusCode(), "a broken signature");
    }

    @Test
    void givenAValidTokenForARepositoryThatDoesNotHoldTheBlob_whenAsking_thenTheBlobIsNeverRead() throws Exception {
        HttpResponse<byte[]> r = get(token(tokens(), other), "bytes=0-9");

        assertEquals(403, r.statusCode());
        assertEquals("DENIED", code(r));
        assertEquals(403, get(registry.admin().pullToken(other), null).statusCode());
        String pushOnly = tokens().issue(puller(holding, Action.PUSH), List.of(Scope.repository(holding, Set.of(Action.PUSH)))).jwt();
        assertEquals(403, get(pushOnly, "bytes=0-9").statusCode(), "push without pull reads nothing");
    }

    @Test
    void givenARangeOutsideTheBlob_whenAsking_thenRangeNotSatisfiable() throws Exception {
        HttpResponse<byte[]> r = get(registry.admin().pullToken(holding), "bytes=" + SIZE + "-" + (SIZE + 10));

        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + SIZE, r.headers().firstValue("Content-Range").orElse(""));
    }
}
