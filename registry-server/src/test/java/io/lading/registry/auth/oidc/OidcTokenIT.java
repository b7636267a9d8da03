package io.lading.registry.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.registry.auth.oidc.OidcFederationTest.FakeIssuer;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TokenClient;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CI federation end to end, over HTTP as skopeo or ORAS would do it: a job sends its OIDC identity token as the
 * password of user {@code oidc} to {@code /token}, and gets a registry token with exactly the grants of the
 * rules its claims match. The issuer is WireMock on 127.0.0.1 (a third party we do not run).
 */
class OidcTokenIT {
    private static final String RULES = """
            [{"claims": {"repository": "org/train", "ref": "refs/heads/main"},
              "grants": [{"repository": "models/org/**", "actions": ["pull", "push"]}]}]""";
    private static FakeIssuer issuer;
    private static SecuredRegistry r;

    @BeforeAll
    static void start() throws IOException {
        issuer = new FakeIssuer();
        Path config = Files.createTempFile("oidc", ".json");
        Files.writeString(config, "{\"issuers\": [{\"issuer\": \"" + issuer.url() + "\", \"audience\": \"lading\", \"rules\": " + RULES + "}]}");
        r = new SecuredRegistry("--oidc-config", config.toString());
    }

    @AfterAll
    static void stop() {
        r.close();
        issuer.close();
    }

    private static int push(String repo, String content, String token) {
        byte[] bytes = content.getBytes();
        var b = r.http.request("/v2/" + repo + "/blobs/uploads/?digest=" + Digest.sha256Of(bytes)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        return r.http.send(TokenClient.bearer(b, token)).statusCode();
    }

    @Test
    void aCiJobsIdentityTokenBuysARegistryTokenThatPushesWhereItsRuleAllows() {
        String idToken = issuer.sign(FakeIssuer.KEY_A, issuer.claims().build());
        String token = r.tokens.token("oidc", idToken, "repository:models/org/llama:pull,push");
        assertEquals(201, push("models/org/llama", "weights from CI", token));
        assertEquals(401, push("models/other/llama", "weights from CI", token), "the token names only models/org/llama");

        String elsewhere = r.tokens.token("oidc", idToken, "repository:models/other/llama:pull,push");
        assertEquals(401, push("models/other/llama", "weights from CI", elsewhere), "no rule grants models/other/**");
        String events = new String(r.admin("GET", "/lading/v1/admin/audit?limit=1000", null).body());
        assertTrue(events.contains("oidc:127.0.0.1:" + "repo:org/train:ref:refs/heads/main"), "the push is audited under the federated principal: " + events);
    }

    @Test
    void expiredWrongAudienceAndUnmatchedTokensGetNoRegistryToken() {
        String expired = issuer.sign(FakeIssuer.KEY_A, issuer.claims().issueTime(issuer.at(-3600)).expirationTime(issuer.at(-600)).build());
        String otherAudience = issuer.sign(FakeIssuer.KEY_A, issuer.claims().audience("someone-else").build());
        String otherBranch = issuer.sign(FakeIssuer.KEY_A, issuer.claims().claim("ref", "refs/heads/feature").build());
        for (String idToken : new String[] {expired, otherAudience, otherBranch, "not-a-jwt"}) {
            var refused = r.tokens.request("oidc", idToken, "repository:models/org/llama:pull,push");
            assertEquals(401, refused.statusCode(), new String(refused.body()));
        }
    }

    @Test
    void afterTheIssuerRotatesItsKeyTokensSignedWithTheNewKeyWork() {
        issuer.serveKeys(FakeIssuer.KEY_B, FakeIssuer.KEY_A);
        String idToken = issuer.sign(FakeIssuer.KEY_B, issuer.claims().build());
        String token = r.tokens.token("oidc", idToken, "repository:models/org/rotated:pull,push");
        assertEquals(201, push("models/org/rotated", "after rotation", token));
    }
}
