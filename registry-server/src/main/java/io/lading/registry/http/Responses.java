package io.lading.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.lading.spec.api.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes response bodies with an exact Content-Length, straight to the servlet stream: clients such as
 * skopeo read error bodies by length, and the spec asks that a 416's body match its Content-Length.
 */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void json(Context ctx, int status, String contentType, Object value) {
        try {
            bytes(ctx, status, contentType, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response value does not serialise: " + value, e);
        }
    }

    static void bytes(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status);
        ctx.res().setContentType(contentType);
        ctx.res().setContentLength(body.length);
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** The client closed the connection before the response was written: nothing to answer, nothing wrong here. */
    static final class ClientGone extends UncheckedIOException {
        ClientGone(IOException cause) {
            super("client went away while receiving the response: " + cause.getMessage(), cause);
        }
    }

    /** A response with headers only, as most upload and push steps answer. */
    static void empty(Context ctx, int status) {
        ctx.status(status);
        ctx.header(Headers.CONTENT_LENGTH, "0");
    }
}
