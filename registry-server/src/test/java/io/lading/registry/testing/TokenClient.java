package io.lading.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Gets registry tokens the way OCI clients do: GET /token with basic credentials and scopes. */
public final class TokenClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Http http;

    public TokenClient(Http http) {
        this.http = http;
    }

    public HttpResponse<byte[]> request(String user, String password, String... scopes) {
        String query = Stream.of(scopes).map(s -> "scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = http.request("/token?service=lading-registry" + (query.isEmpty() ? "" : "&" + query)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b);
    }

    /** A token for the scopes; fails the test if the token endpoint refuses. */
    public String token(String user, String password, String... scopes) {
        HttpResponse<byte[]> r = request(user, password, scopes);
        if (r.statusCode() != 200) {
            throw new AssertionError("token request refused: " + r.statusCode() + " " + new String(r.body()));
        }
        try {
            return JSON.readTree(r.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpRequest.Builder bearer(HttpRequest.Builder b, String token) {
        return b.header("Authorization", "Bearer " + token);
    }
}
