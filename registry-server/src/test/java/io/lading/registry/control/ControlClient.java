package io.lading.registry.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.registry.testing.SecuredRegistry;
import io.lading.registry.testing.TokenClient;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Drives the control plane over HTTP with access control on, as pullers and operators do: a robot
 * {@code fleet} with pull on models/** (the hosts' token), and a robot {@code ops} with pull and rollout.
 */
final class ControlClient {
    static final String MODELS = "models/**";
    final SecuredRegistry r;
    private final String fleetSecret;
    private final String opsSecret;

    ControlClient(SecuredRegistry r) {
        this(r, r.robot("fleet", MODELS, "pull"), r.robot("ops", MODELS, "pull", "rollout"));
    }

    private ControlClient(SecuredRegistry r, String fleetSecret, String opsSecret) {
        this.r = r;
        this.fleetSecret = fleetSecret;
        this.opsSecret = opsSecret;
    }

    /** The same robots on a restarted registry (same database). */
    ControlClient on(SecuredRegistry restarted) {
        return new ControlClient(restarted, fleetSecret, opsSecret);
    }

    /** Tokens live 5 minutes; each login costs a bcrypt check, so a test reuses them. */
    private final java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    String hostToken(String model) {
        return tokens.computeIfAbsent("fleet " + model, k -> r.tokens.token("fleet", fleetSecret, "repository:" + model + ":pull"));
    }

    String opsToken(String model) {
        return tokens.computeIfAbsent("ops " + model, k -> r.tokens.token("ops", opsSecret, "repository:" + model + ":pull,rollout"));
    }

    /** Pushes a new manifest (unique by {@code version}) tagged {@code tag}; returns its digest. */
    Digest pushVersion(String repo, String tag) {
        Digest config = r.pushBlob(repo, "{}".getBytes());
        String manifest = """
            {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":2},"layers":[],
             "annotations":{"version":"%s"}}""".formatted(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_EMPTY, config, tag + System.nanoTime());
        String token = r.adminToken("repository:" + repo + ":push,pull");
        var put = r.http.send(TokenClient.bearer(r.http.request("/v2/" + repo + "/manifests/" + tag)
                .header("Content-Type", MediaTypes.OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofString(manifest)), token));
        if (put.statusCode() != 201) {
            throw new AssertionError("manifest push failed: " + put.statusCode() + " " + new String(put.body()));
        }
        return Digest.parse(put.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    HttpResponse<byte[]> send(String method, String path, String json, String token) {
        var b = r.http.request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return r.http.send(token == null ? b : TokenClient.bearer(b, token));
    }

    /** Sends and expects {@code status}; returns the body as JSON. */
    JsonNode expect(int status, String method, String path, String json, String token) {
        var resp = send(method, path, json, token);
        if (resp.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + resp.statusCode() + " " + new String(resp.body()));
        }
        return resp.body().length == 0 ? null : SecuredRegistry.read(resp.body());
    }

    JsonNode startRollout(String model, String body) {
        return expect(201, "POST", "/lading/v1/rollouts", body, opsToken(model));
    }

    JsonNode rollout(String model, String id) {
        return expect(200, "GET", "/lading/v1/rollouts/" + id, null, opsToken(model));
    }

    JsonNode act(String model, String id, String action) {
        return expect(200, "POST", "/lading/v1/rollouts/" + id + "/" + action, "{\"reason\":\"test\"}", opsToken(model));
    }

    String state(String model, String id) {
        return rollout(model, id).get("state").asText();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
