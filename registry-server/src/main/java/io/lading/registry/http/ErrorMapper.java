package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.failure.RegistryFailure.*;
import io.lading.spec.api.Headers;
import io.lading.spec.error.ErrorBody;
import io.lading.spec.error.ErrorCode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failure becomes an OCI error response: code, status, headers and JSON body. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String JSON = "application/json";

    private ErrorMapper() {
    }

    static void write(RegistryFailure failure, Context ctx) {
        ErrorCode code = switch (failure) {
            case NameInvalid f -> ErrorCode.NAME_INVALID;
            case NameUnknown f -> ErrorCode.NAME_UNKNOWN;
            case NotFound f -> ErrorCode.NAME_UNKNOWN;
            case BlobUnknown f -> ErrorCode.BLOB_UNKNOWN;
            case BlobUploadUnknown f -> ErrorCode.BLOB_UPLOAD_UNKNOWN;
            case BlobUploadInvalid f -> ErrorCode.BLOB_UPLOAD_INVALID;
            case UploadOutOfOrder f -> {
                ctx.header(Headers.LOCATION, f.location());
                ctx.header(Headers.RANGE, UploadHandlers.rangeHeader(f.committed()));
                yield ErrorCode.BLOB_UPLOAD_INVALID;
            }
            case DigestInvalid f -> ErrorCode.DIGEST_INVALID;
            case SizeInvalid f -> ErrorCode.SIZE_INVALID;
            case RangeNotSatisfiable f -> {
                ctx.header(Headers.CONTENT_RANGE, "bytes */" + f.size());
                yield ErrorCode.SIZE_INVALID;
            }
            case ManifestInvalid f -> ErrorCode.MANIFEST_INVALID;
            case ManifestTooLarge f -> ErrorCode.MANIFEST_INVALID;
            case ManifestUnknown f -> ErrorCode.MANIFEST_UNKNOWN;
            case ManifestBlobUnknown f -> ErrorCode.MANIFEST_BLOB_UNKNOWN;
            case TagInvalid f -> ErrorCode.TAG_INVALID;
            case PaginationInvalid f -> ErrorCode.PAGINATION_NUMBER_INVALID;
            case Unsupported f -> ErrorCode.UNSUPPORTED;
            case Unauthorized f -> {
                ctx.header(Headers.WWW_AUTHENTICATE, f.challenge());
                yield ErrorCode.UNAUTHORIZED;
            }
            case Denied f -> ErrorCode.DENIED;
            case TooManyRequests f -> {
                ctx.header("Retry-After", Long.toString(f.retryAfterSeconds()));
                yield ErrorCode.TOOMANYREQUESTS;
            }
            case Invalid f -> ErrorCode.INVALID;
            case HostUnknown f -> ErrorCode.HOST_UNKNOWN;
            case RolloutUnknown f -> ErrorCode.ROLLOUT_UNKNOWN;
            case ChannelUnknown f -> ErrorCode.CHANNEL_UNKNOWN;
            case RolloutConflict f -> ErrorCode.ROLLOUT_CONFLICT;
            case RolloutStateRefused f -> ErrorCode.ROLLOUT_STATE;
        };
        int status = switch (failure) {
            case UploadOutOfOrder f -> 416;
            case RangeNotSatisfiable f -> 416;
            case ManifestTooLarge f -> 413;
            // Distribution answers a push naming unknown blobs with 400, and clients expect that.
            case ManifestBlobUnknown f -> 400;
            case Unsupported f -> f.status();
            default -> code.defaultStatus();
        };
        Object detail = switch (failure) {
            case ManifestBlobUnknown f -> Map.of("missing", f.missing());
            case RolloutConflict f -> Map.of("rollout", f.rollout());
            case RolloutStateRefused f -> Map.of("state", f.state());
            default -> null;
        };
        log.atDebug().addKeyValue("code", code).addKeyValue("status", status).log(failure.getMessage());
        Responses.json(ctx, status, JSON, ErrorBody.of(code, failure.getMessage(), detail));
    }

    /** Anything else is our fault: log it whole, tell the client little. */
    static void writeUnexpected(Exception e, Context ctx) {
        if (e instanceof Responses.ClientGone || e instanceof org.eclipse.jetty.io.EofException) {
            log.atDebug().addKeyValue("path", ctx.path()).log(e.getMessage());
            return;
        }
        log.atError().setCause(e).addKeyValue("method", ctx.method()).addKeyValue("path", ctx.path()).log("request failed");
        if (ctx.res().isCommitted()) {
            return;
        }
        ctx.res().reset();
        Responses.json(ctx, 500, JSON, Map.of("errors", java.util.List.of(Map.of("code", "UNKNOWN",
                "message", "internal error; the registry log has the details"))));
    }
}
