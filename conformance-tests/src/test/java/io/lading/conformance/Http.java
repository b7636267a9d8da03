package io.lading.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.spec.api.Headers;
import io.lading.spec.error.ErrorCode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The HTTP verbs the tests use, against the registry under test, and checks of the spec's error body. */
final class Http {
    static final String OCTET_STREAM = "application/octet-stream";

    private Http() {
    }

    static Client c() {
        return Registry.client();
    }

    static HttpResponse<byte[]> get(String path) {
        return c().send(c().request(path).GET());
    }

    static HttpResponse<byte[]> get(String path, String header, String value) {
        return c().send(c().request(path).header(header, value).GET());
    }

    static HttpResponse<byte[]> head(String path) {
        return c().send(c().request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    static HttpResponse<byte[]> head(String path, String header, String value) {
        return c().send(c().request(path).header(header, value).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    static HttpResponse<byte[]> delete(String path) {
        return c().send(c().request(path).DELETE());
    }

    static HttpResponse<byte[]> post(String path, byte[] body) {
        return c().send(c().request(path).header(Headers.CONTENT_TYPE, OCTET_STREAM).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static HttpResponse<byte[]> put(String path, String contentType, byte[] body) {
        return c().send(c().request(path).header(Headers.CONTENT_TYPE, contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A PATCH of an upload (end-5); without {@code contentRange} it is a streamed upload. */
    static HttpResponse<byte[]> patch(String path, String contentRange, byte[] body) {
        var b = c().request(path).header(Headers.CONTENT_TYPE, OCTET_STREAM);
        if (contentRange != null) {
            b.header(Headers.CONTENT_RANGE, contentRange);
        }
        return c().send(b.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return Client.json(r.body());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The status is {@code status} and the body is the spec's error document with one of {@code codes} first. */
    static void assertError(HttpResponse<byte[]> r, int status, ErrorCode... codes) {
        assertEquals(status, r.statusCode(), () -> "status; body: " + new String(r.body()));
        assertErrorCode(r, codes);
    }

    /** The body is {@code {"errors":[{"code":...}]}} with one of {@code codes}, whatever the status. */
    static void assertErrorCode(HttpResponse<byte[]> r, ErrorCode... codes) {
        List<String> allowed = Arrays.stream(codes).map(Enum::name).toList();
        String code = json(r).path("errors").path(0).path("code").asText();
        assertTrue(allowed.contains(code), () -> "expected error code " + allowed + ", got " + r.statusCode() + " " + new String(r.body()));
    }

    static void assertClientError(int status, String what) {
        assertTrue(status >= 400 && status < 500, () -> what + " answered " + status + ", expected a 4xx");
    }
}
