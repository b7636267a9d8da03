package io.lading.puller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to a Lading (or any OCI) registry with the registry token flow: a request answered 401 with a
 * Bearer challenge gets a token from the challenge's realm for the challenge's scope, with the client's
 * credentials, and is sent again. Tokens are cached per scope until shortly before they expire.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpUrl base;
    private final String user;
    private final String password;
    private final OkHttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public RegistryClient(String baseUrl, String user, String password) {
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL");
        }
        this.base = parsed;
        this.user = user;
        this.password = password;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofMinutes(5)).build();
    }

    /** A reply: status and JSON body (null when the body is empty or not JSON). */
    public record Reply(int status, JsonNode body) {
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, Object json) {
        return send("POST", path, json);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    private Reply send(String method, String path, Object json) {
        Raw first = exchange(method, path, json, tokens.get(path));
        if (first.status() != 401 || first.challenge() == null) {
            return first.reply();
        }
        String token = fetchToken(first.challenge());
        tokens.put(path, token);
        return exchange(method, path, json, token).reply();
    }

    private record Raw(int status, JsonNode body, String challenge) {
        Reply reply() {
            return new Reply(status, body);
        }
    }

    private Raw exchange(String method, String path, Object json, String token) {
        try {
            RequestBody body = json == null ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
                    : RequestBody.create(JSON.writeValueAsBytes(json), JSON_TYPE);
            Request.Builder b = new Request.Builder().url(base.resolve(path)).method(method, body);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            try (Response r = http.newCall(b.build()).execute()) {
                String text = r.body().string();
                JsonNode node = text.isEmpty() ? null : parseOrNull(text);
                String challenge = r.header("WWW-Authenticate");
                return new Raw(r.code(), node, challenge != null && challenge.startsWith("Bearer ") ? challenge : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
        }
    }

    /** GET realm?service=..&scope=.. with basic credentials, as the distribution token spec describes. */
    private String fetchToken(String challenge) {
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        HttpUrl realm = HttpUrl.parse(params.getOrDefault("realm", ""));
        if (realm == null) {
            throw new IllegalStateException("the registry's challenge names no usable token realm: " + challenge);
        }
        HttpUrl.Builder url = realm.newBuilder();
        if (params.containsKey("service")) {
            url.addQueryParameter("service", params.get("service"));
        }
        if (params.containsKey("scope")) {
            for (String s : params.get("scope").split(" ")) {
                url.addQueryParameter("scope", s);
            }
        }
        Request.Builder b = new Request.Builder().url(url.build());
        if (user != null && password != null) {
            b.header("Authorization", Credentials.basic(user, password));
        }
        try (Response r = http.newCall(b.build()).execute()) {
            String text = r.body().string();
            if (r.code() != 200) {
                throw new IllegalStateException("the registry refused a token for " + params.get("scope") + " (HTTP " + r.code() + "): "
                        + message(parseOrNull(text), text));
            }
            return JSON.readTree(text).path("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("getting a token from " + realm + " failed: " + e.getMessage(), e);
        }
    }

    /** The first OCI error message in a body, or the body itself. */
    public static String message(JsonNode body, String fallback) {
        if (body != null && body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            JsonNode e = body.path("errors").get(0);
            return e.path("code").asText() + ": " + e.path("message").asText();
        }
        return fallback == null ? "" : fallback.strip();
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
