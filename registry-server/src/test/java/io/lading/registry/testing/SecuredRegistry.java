package io.lading.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.RunningRegistry;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** A registry with access control on, and the admin moves tests need: robots, grants, pushes. */
public final class SecuredRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final RunningRegistry registry;
    public final Http http;
    public final TokenClient tokens;

    public SecuredRegistry(String... extra) {
        this(tempDir(), TestRegistries.freshSchema(), extra);
    }

    /** A registry on a given data directory and schema: start a second one on the same to test a restart. */
    public SecuredRegistry(Path dir, String schema, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--auth";
        args[1] = "token";
        System.arraycopy(extra, 0, args, 2, extra.length);
        registry = TestRegistries.start(dir, schema, args);
        http = new Http(registry.url());
        tokens = new TokenClient(http);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("lading-secured");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String adminToken(String... scopes) {
        String[] all = new String[scopes.length + 1];
        all[0] = "registry:admin:*";
        System.arraycopy(scopes, 0, all, 1, scopes.length);
        return tokens.token("admin", TestRegistries.ADMIN_PASSWORD, all);
    }

    public HttpResponse<byte[]> admin(String method, String path, String json) {
        var b = http.request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(TokenClient.bearer(b, adminToken()));
    }

    /** Creates a robot with one grant; returns its secret. */
    public String robot(String name, String pattern, String... actions) {
        var created = admin("POST", "/lading/v1/admin/robots", "{\"name\":\"" + name + "\"}");
        if (created.statusCode() != 201) {
            throw new AssertionError("creating robot " + name + ": " + created.statusCode() + " " + new String(created.body()));
        }
        grant(name, pattern, actions);
        return read(created.body()).get("secret").asText();
    }

    public void grant(String principal, String pattern, String... actions) {
        String p = principal == null ? "null" : "\"" + principal + "\"";
        String list = String.join("\",\"", actions);
        var r = admin("POST", "/lading/v1/admin/grants", "{\"principal\":" + p + ",\"repository\":\"" + pattern + "\",\"actions\":[\"" + list + "\"]}");
        if (r.statusCode() != 201) {
            throw new AssertionError("grant failed: " + r.statusCode() + " " + new String(r.body()));
        }
    }

    /** Pushes a blob to a repository as admin; returns its digest. */
    public Digest pushBlob(String repository, byte[] content) {
        Digest d = Digest.sha256Of(content);
        String token = adminToken("repository:" + repository + ":push,pull");
        var r = http.send(TokenClient.bearer(http.request("/v2/" + repository + "/blobs/uploads/?digest=" + d)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), token));
        if (r.statusCode() != 201) {
            throw new AssertionError("push failed: " + r.statusCode());
        }
        return d;
    }

    public int adminStatus(String method, String path, String repository) {
        String token = adminToken("repository:" + repository + ":pull,push,delete");
        return http.send(TokenClient.bearer(http.request(path).method(method, HttpRequest.BodyPublishers.noBody()), token)).statusCode();
    }

    public static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
