package io.lading.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.api.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP client that behaves like an OCI client: on a 401 Bearer challenge it gets a token from the
 * challenge's realm for its scope, with basic credentials when it has them, and sends the request again.
 * Like docker and containerd, it then sends the token it last got for a repository with every request
 * to that repository, so a large body is not first sent unauthenticated: after a 401 that answered a
 * body still being sent, java.net.http may reuse a connection the server (Jetty) then drops, which
 * fails the retry now and then. Requests whose bodies cannot be replayed get a token beforehand.
 */
final class Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("^/v2/(.+?)/(blobs|manifests|tags|referrers)/");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final URI base;
    private final String user;
    private final String password;
    private final Map<String, String> tokenByScope = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByRepository = new ConcurrentHashMap<>();

    Client(URI base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery));
    }

    /** Sends, with the repository's last token if there is one, answering a Bearer challenge once. */
    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        String repository = repository(request.copy().build().uri());
        String known = repository == null ? null : tokenByRepository.get(repository);
        HttpRequest first = known == null ? request.copy().build() : request.copy().setHeader("Authorization", "Bearer " + known).build();
        HttpResponse<byte[]> r = raw(first);
        String challenge = r.headers().firstValue(Headers.WWW_AUTHENTICATE).orElse("");
        if (r.statusCode() != 401 || !challenge.startsWith("Bearer ")) {
            return r;
        }
        String token = token(challenge);
        if (repository != null) {
            tokenByRepository.put(repository, token);
        }
        return raw(request.copy().setHeader("Authorization", "Bearer " + token).build());
    }

    /** The repository a /v2/ request is about, or null for /v2/, the catalog and Lading's own APIs. */
    private static String repository(URI uri) {
        Matcher m = REPOSITORY_PATH.matcher(uri.getRawPath());
        return m.find() ? m.group(1) : null;
    }

    HttpResponse<byte[]> raw(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token for what a challenge names, cached by scope. */
    String token(String challenge) {
        Map<String, String> p = params(challenge);
        String scope = p.getOrDefault("scope", "");
        return tokenByScope.computeIfAbsent(scope, k -> fetchToken(p.get("realm"), p.get("service"), scope));
    }

    /** A token for explicit scopes, for requests that must carry one up front (raw sockets); null without auth. */
    String tokenFor(String scope) {
        String challenge = raw(request("/v2/").GET().build()).headers().firstValue(Headers.WWW_AUTHENTICATE).orElse("");
        if (!challenge.startsWith("Bearer ")) {
            return null;
        }
        Map<String, String> p = params(challenge);
        return tokenByScope.computeIfAbsent(scope, k -> fetchToken(p.get("realm"), p.get("service"), scope));
    }

    private static Map<String, String> params(String challenge) {
        Map<String, String> p = new ConcurrentHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        return p;
    }

    private String fetchToken(String realm, String service, String scope) {
        StringBuilder url = new StringBuilder(realm).append("?service=").append(URLEncoder.encode(service == null ? "" : service, StandardCharsets.UTF_8));
        for (String s : scope.split(" ")) {
            if (!s.isEmpty()) {
                url.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> r = raw(b.build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request for '" + scope + "' refused: " + r.statusCode() + " " + new String(r.body()));
        }
        return json(r.body()).get("token").asText();
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }
}
