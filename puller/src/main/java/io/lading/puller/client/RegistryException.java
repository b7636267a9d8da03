package io.lading.puller.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The registry refused or failed a request. The message is one line that says what was tried and what the
 * registry answered, with the OCI error code and message when the body carried them:
 * {@code pulling blob sha256:ab.. from models/a: HTTP 404 BLOB_UNKNOWN: blob unknown to registry}.
 */
public final class RegistryException extends IOException {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Error bodies are small; reading more of an unexpected body would only fill the message with noise. */
    private static final long MAX_ERROR_BODY = 16 * 1024;

    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer (a digest mismatch, say). */
    public int status() {
        return status;
    }

    /** The OCI error code ({@code BLOB_UNKNOWN}, ...) or null. */
    public String code() {
        return code;
    }

    /** Builds the exception from an unexpected answer; reads (a bounded part of) the body. */
    static RegistryException from(String action, Response response) {
        String text = "";
        try {
            ResponseBody body = response.body();
            if (body != null) {
                BufferedSource source = body.source();
                source.request(MAX_ERROR_BODY);
                text = source.getBuffer().readUtf8(Math.min(MAX_ERROR_BODY, source.getBuffer().size()));
            }
        } catch (IOException | RuntimeException e) {
            // The body is optional detail; the status alone still says what happened.
        }
        OciError error = OciError.parse(text);
        String detail = error != null ? error.code() + ": " + error.message() : oneLine(text);
        return new RegistryException(action + ": HTTP " + response.code() + (detail.isEmpty() ? "" : " " + detail),
                response.code(), error == null ? null : error.code());
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 197) + "...";
    }

    /** The first entry of the distribution spec's error body. */
    record OciError(String code, String message) {
        static OciError parse(String text) {
            try {
                JsonNode root = JSON.readTree(text);
                JsonNode first = root == null ? null : root.path("errors").path(0);
                if (first == null || first.isMissingNode() || !first.has("code")) {
                    return null;
                }
                return new OciError(first.path("code").asText(), oneLine(first.path("message").asText()));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
