package io.lading.registry.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TestRegistries;
import io.lading.registry.testing.TokenClient;
import io.lading.spec.digest.Digest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grants decide every token's contents; a token reaches only what it names, and nothing changes when refused. */
class AccessControlIT {
    private static SecuredRegistry r;

    @BeforeAll
    static void start() {
        r = new SecuredRegistry();
    }

    @AfterAll
    static void stop() {
        r.close();
    }

    private static Set<String> actionsIn(String token, String repo) {
        var claims = r.registry.components().tokens().verify(token);
        return claims.access().getOrDefault("repository:" + repo, Set.of()).stream().map(a -> a.id()).collect(Collectors.toSet());
    }

    private static int push(String repo, byte[] content, String token) {
        var b = r.http.request("/v2/" + repo + "/blobs/uploads/?digest=" + Digest.sha256Of(content)).POST(HttpRequest.BodyPublishers.ofByteArray(content));
        return r.http.send(TokenClient.bearer(b, token)).statusCode();
    }

    @Test
    void aPullTokenCannotPushAndNothingIsStored() {
        String secret = r.robot("host-a", "fleet/a", "pull");
        String token = r.tokens.token("host-a", secret, "repository:fleet/a:pull,push");
        assertEquals(Set.of("pull"), actionsIn(token, "fleet/a"), "push was asked for but is not granted");
        byte[] content = "new weights".getBytes();
        var refused = r.http.send(TokenClient.bearer(r.http.request("/v2/fleet/a/blobs/uploads/?digest=" + Digest.sha256Of(content))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), token));
        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));
        assertEquals(404, r.adminStatus("HEAD", "/v2/fleet/a/blobs/" + Digest.sha256Of(content), "fleet/a"));
    }

    @Test
    void aTokenForOneRepositoryDoesNotOpenAnother() {
        String secret = r.robot("trainer-b", "train/b", "pull", "push");
        String token = r.tokens.token("trainer-b", secret, "repository:train/b:pull,push");
        assertEquals(201, push("train/b", "b".getBytes(), token));
        assertEquals(401, push("train/c", "c".getBytes(), token));
        String other = r.tokens.token("trainer-b", secret, "repository:train/c:pull,push");
        assertTrue(actionsIn(other, "train/c").isEmpty(), "no grant on train/c, so no actions");
    }

    @Test
    void aMountFromARepositoryTheCallerCannotPullFallsBackToAnUpload() {
        Digest secretBlob = r.pushBlob("private/src", "secret weights".getBytes());
        String secret = r.robot("mounter", "public/dst", "pull", "push");
        String token = r.tokens.token("mounter", secret, "repository:public/dst:pull,push", "repository:private/src:pull");
        var mount = r.http.send(TokenClient.bearer(r.http.request("/v2/public/dst/blobs/uploads/?mount=" + secretBlob + "&from=private/src")
                .POST(HttpRequest.BodyPublishers.noBody()), token));
        assertEquals(202, mount.statusCode(), "a new upload session, not a mount");
        var read = r.http.send(TokenClient.bearer(r.http.request("/v2/public/dst/blobs/" + secretBlob).GET(), token));
        assertEquals(404, read.statusCode());
    }

    @Test
    void aBlobIsNotReadableThroughARepositoryThatDoesNotHoldIt() {
        Digest d = r.pushBlob("holder/x", "held".getBytes());
        assertEquals(404, r.adminStatus("GET", "/v2/holder/y/blobs/" + d, "holder/y"));
        assertEquals(200, r.adminStatus("GET", "/v2/holder/x/blobs/" + d, "holder/x"));
    }

    @Test
    void craftedScopesCannotWidenAccess() {
        String secret = r.robot("narrow", "team/*", "pull");
        assertTrue(actionsIn(r.tokens.token("narrow", secret, "repository:team/one:*"), "team/one").equals(Set.of("pull")));
        assertTrue(actionsIn(r.tokens.token("narrow", secret, "repository:team/one/deeper:pull"), "team/one/deeper").isEmpty(),
                "* matches one component only");
        for (String scope : List.of("repository:*:pull", "repository:team/**:pull", "repository:team/../admin:pull",
                "repository:TEAM/one:pull", "repository:team/one:pull,fly", "registry:admin:pull")) {
            int status = r.tokens.request("narrow", secret, scope).statusCode();
            assertEquals(400, status, scope);
        }
        assertTrue(r.registry.components().tokens().verify(r.tokens.token("narrow", secret, "registry:admin:*")).access().isEmpty(),
                "admin scope asked for, not granted");
    }

    @Test
    void adminApiNeedsTheAdminScope() {
        String secret = r.robot("not-admin", "x/**", "pull", "push", "delete");
        String token = r.tokens.token("not-admin", secret, "registry:admin:*");
        var list = r.http.send(TokenClient.bearer(r.http.request("/lading/v1/admin/grants").GET(), token));
        assertEquals(401, list.statusCode());
        var create = r.http.send(TokenClient.bearer(r.http.request("/lading/v1/admin/robots")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}")), token));
        assertEquals(401, create.statusCode());
        assertFalse(new String(r.admin("GET", "/lading/v1/admin/principals", null).body()).contains("sneaky"));
    }

    @Test
    void aRevokedRobotGetsNoNewTokenAtOnce() {
        String secret = r.robot("short-lived", "tmp/x", "pull");
        assertEquals(200, r.tokens.request("short-lived", secret, "repository:tmp/x:pull").statusCode());
        assertEquals(204, r.admin("DELETE", "/lading/v1/admin/principals/short-lived", null).statusCode());
        assertEquals(401, r.tokens.request("short-lived", secret, "repository:tmp/x:pull").statusCode());
    }

    @Test
    void theCatalogListsOnlyWhatTheCallerMaySee() {
        r.pushBlob("seen/one", "1".getBytes());
        r.pushBlob("hidden/two", "2".getBytes());
        String secret = r.robot("viewer", "seen/**", "pull");
        String token = r.tokens.token("viewer", secret, "registry:catalog:*");
        var catalog = SecuredRegistry.read(r.http.send(TokenClient.bearer(r.http.request("/v2/_catalog").GET(), token)).body());
        List<String> repos = StreamSupport.stream(catalog.get("repositories").spliterator(), false).map(n -> n.asText()).toList();
        assertTrue(repos.contains("seen/one"), repos.toString());
        assertFalse(repos.contains("hidden/two"), repos.toString());
    }

    @Test
    void anonymousPullWorksOnlyWhereSwitchedOn() {
        Digest d = r.pushBlob("open/model", "open weights".getBytes());
        r.pushBlob("closed/model", "closed weights".getBytes());
        r.grant(null, "open/**", "pull");
        String anon = SecuredRegistry.read(r.tokens.request(null, null, "repository:open/model:pull,push").body()).get("token").asText();
        assertEquals(Set.of("pull"), actionsIn(anon, "open/model"));
        assertEquals(200, r.http.send(TokenClient.bearer(r.http.request("/v2/open/model/blobs/" + d).GET(), anon)).statusCode());
        String closed = SecuredRegistry.read(r.tokens.request(null, null, "repository:closed/model:pull").body()).get("token").asText();
        assertTrue(actionsIn(closed, "closed/model").isEmpty());
        var refusedGrant = r.admin("POST", "/lading/v1/admin/grants", "{\"principal\":null,\"repository\":\"open/**\",\"actions\":[\"push\"]}");
        assertEquals(400, refusedGrant.statusCode(), "anonymous push cannot be granted");
    }

    @Test
    void bruteForceOnTheTokenEndpointIsSlowedDown() {
        try (SecuredRegistry own = new SecuredRegistry("--login-failures-per-minute", "5")) {
            String secret = own.robot("target", "t/x", "pull");
            for (int i = 0; i < 5; i++) {
                assertEquals(401, own.tokens.request("target", "guess-" + i, "repository:t/x:pull").statusCode());
            }
            var throttled = own.tokens.request("target", secret, "repository:t/x:pull");
            assertEquals(429, throttled.statusCode(), "even the right secret waits once the limit is hit");
            assertTrue(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()) > 0);
            assertTrue(new String(throttled.body()).contains("TOOMANYREQUESTS"));
        }
    }

    @Test
    void theOAuth2PasswordFormIssuesTokensToo() {
        var resp = r.http.send(r.http.request("/token").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&service=lading-registry&username=admin&password="
                        + TestRegistries.ADMIN_PASSWORD + "&scope=repository%3Aform%2Fx%3Apull")));
        assertEquals(200, resp.statusCode(), new String(resp.body()));
        assertEquals(Set.of("pull"), actionsIn(SecuredRegistry.read(resp.body()).get("access_token").asText(), "form/x"));
    }

    @Test
    void pushesDeletesGrantChangesAndRefusalsAreAudited() {
        Digest d = r.pushBlob("audited/x", "audited".getBytes());
        assertEquals(202, r.adminStatus("DELETE", "/v2/audited/x/blobs/" + d, "audited/x"));
        r.tokens.request("admin", "wrong", "repository:audited/x:pull");
        // Two manifests under one tag: a push, then a push that moves the tag.
        Digest config = r.pushBlob("audited/x", "{}".getBytes());
        String token = r.adminToken("repository:audited/x:pull,push");
        for (String layerContent : new String[] {"weights v1", "weights v2"}) {
            Digest layer = r.pushBlob("audited/x", layerContent.getBytes());
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":2},"
                    + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer + "\",\"size\":"
                    + layerContent.length() + "}]}";
            var put = r.http.send(TokenClient.bearer(r.http.request("/v2/audited/x/manifests/prod")
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(manifest)), token));
            assertEquals(201, put.statusCode(), new String(put.body()));
        }
        String events = new String(r.admin("GET", "/lading/v1/admin/audit?limit=1000", null).body());
        // A manifest pushed by tag is recorded as the tag's move, with the manifest it now names.
        assertEquals(2, events.split("\"action\":\"tag.move\",\"target\":\"PUT /v2/audited/x/manifests/prod\"", -1).length - 1, events);
        assertTrue(events.contains("\"action\":\"blob.push\""), events);
        assertTrue(events.contains("\"action\":\"blob.delete\""), events);
        assertTrue(events.contains("\"action\":\"grant.add\""), events);
        assertTrue(events.contains("\"action\":\"token.refused\""), events);
        assertTrue(events.contains("\"remote\":\"127.0.0.1\""), events);
    }
}
