package io.lading.registry.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.lading.registry.audit.AuditLog;
import io.lading.spec.api.Headers;

/**
 * Audits what the OCI API changed (pushes, deletes, tag moves) and every request refused to a caller
 * that presented a token, after the response is decided; admin changes are audited by their handlers.
 */
final class RequestAudit {
    private final AuditLog audit;

    RequestAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(Context ctx) {
        String endpoint = ctx.attribute(Router.ENDPOINT_ATTRIBUTE);
        if (endpoint == null) {
            return;
        }
        int status = ctx.statusCode();
        String action = action(endpoint, ctx.method(), status, ctx.req().getRequestURI());
        if (action == null && (status == 401 || status == 403) && ctx.header("Authorization") != null) {
            action = "request.denied";
        }
        if (action == null) {
            return;
        }
        String outcome = status < 400 ? "ok" : "denied";
        String detail = ctx.res().getHeader(Headers.DOCKER_CONTENT_DIGEST);
        audit.record(new AuditLog.Event(CallerAccess.of(ctx).subject(), action, ctx.method() + " " + ctx.req().getRequestURI(),
                outcome, ctx.req().getRemoteAddr(), detail));
    }

    /** The audited action of a successful change, or null for reads and intermediate upload steps. */
    private static String action(String endpoint, HandlerType method, int status, String path) {
        if (status != 201 && status != 202) {
            return null;
        }
        boolean byDigest = path.substring(path.lastIndexOf('/') + 1).contains(":");
        return switch (endpoint) {
            case "manifest" -> method == HandlerType.PUT ? (byDigest ? "manifest.push" : "tag.move")
                    : method == HandlerType.DELETE ? (byDigest ? "manifest.delete" : "tag.delete") : null;
            case "blob" -> method == HandlerType.DELETE ? "blob.delete" : null;
            case "upload_start" -> status == 201 ? "blob.push" : null;
            case "upload_session" -> method == HandlerType.PUT ? "blob.push" : null;
            default -> null;
        };
    }
}
