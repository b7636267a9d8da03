package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.upload.UploadService;
import io.lading.registry.upload.UploadService.StoredBlob;
import io.lading.registry.upload.UploadService.Upload;
import io.lading.spec.api.Endpoint;
import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** end-4 (POST: session, monolithic, mount), end-5 (PATCH), end-6 (PUT), end-13 (GET status) and DELETE. */
final class UploadHandlers {
    /** The spec's {@code <start>-<end>}; Docker clients sometimes prefix "bytes " and add "/<total>". */
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d{1,19})-(\\d{1,19})(?:/(?:\\d+|\\*))?");

    private final UploadService uploads;

    UploadHandlers(UploadService uploads) {
        this.uploads = uploads;
    }

    void start(Context ctx, Endpoint.Match m) {
        RepositoryName repository = Requests.repository(m.group("name"));
        String digest = ctx.queryParam("digest");
        if (digest != null) {
            created(ctx, uploads.uploadWhole(repository, Requests.digest(digest), Requests.body(ctx), Requests.contentLength(ctx)));
            return;
        }
        String mount = ctx.queryParam("mount");
        String from = ctx.queryParam("from");
        // Mounting needs pull on the source as well as push here; without it the client just uploads.
        if (mount != null && from != null && CallerAccess.of(ctx).mayPull(Requests.repository(from))) {
            // A mount from a repository that does not hold the blob falls back to a new session, as the spec says.
            Optional<StoredBlob> mounted = uploads.mount(repository, Requests.repository(from), Requests.digest(mount));
            if (mounted.isPresent()) {
                created(ctx, mounted.get());
                return;
            }
        }
        accepted(ctx, uploads.start(repository));
    }

    void session(Context ctx, Endpoint.Match m) {
        RepositoryName repository = Requests.repository(m.group("name"));
        String id = m.group("id");
        switch (ctx.method()) {
            case GET -> {
                Upload upload = uploads.status(repository, id);
                uploadHeaders(ctx, upload);
                Responses.empty(ctx, 204);
            }
            case PATCH -> accepted(ctx, uploads.append(repository, id, Requests.body(ctx), chunkStart(ctx), Requests.contentLength(ctx)));
            case PUT -> {
                String digest = ctx.queryParam("digest");
                if (digest == null) {
                    throw new RegistryFailure.DigestInvalid("finishing an upload needs ?digest=<digest> of the whole blob");
                }
                Digest expected = Requests.digest(digest);
                created(ctx, uploads.finish(repository, id, expected, Requests.body(ctx), Requests.contentLength(ctx)));
            }
            case DELETE -> {
                uploads.cancel(repository, id);
                Responses.empty(ctx, 204);
            }
            default -> throw new IllegalStateException("router admitted " + ctx.method());
        }
    }

    /** The first byte of a PATCH's Content-Range, checked against its Content-Length. */
    private static OptionalLong chunkStart(Context ctx) {
        String header = ctx.header(Headers.CONTENT_RANGE);
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
            throw new RegistryFailure.BlobUploadInvalid("Content-Range '" + header + "' is not of the form <start>-<end>");
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        if (end < start) {
            throw new RegistryFailure.BlobUploadInvalid("Content-Range '" + header + "' ends before it starts");
        }
        OptionalLong length = Requests.contentLength(ctx);
        if (length.isPresent() && length.getAsLong() != end - start + 1) {
            throw new RegistryFailure.SizeInvalid("Content-Range " + header + " covers " + (end - start + 1)
                    + " bytes but Content-Length is " + length.getAsLong());
        }
        return OptionalLong.of(start);
    }

    /** The spec's Range of an upload: {@code 0-<last byte held>}; "0-0" for an empty session, as Distribution does. */
    static String rangeHeader(long committed) {
        return "0-" + Math.max(0, committed - 1);
    }

    private static void uploadHeaders(Context ctx, Upload upload) {
        ctx.header(Headers.LOCATION, upload.location());
        ctx.header(Headers.RANGE, rangeHeader(upload.committed()));
        ctx.header(Headers.DOCKER_UPLOAD_UUID, upload.id().toString());
    }

    private static void accepted(Context ctx, Upload upload) {
        uploadHeaders(ctx, upload);
        Responses.empty(ctx, 202);
    }

    private static void created(Context ctx, StoredBlob blob) {
        ctx.header(Headers.LOCATION, blob.location());
        ctx.header(Headers.DOCKER_CONTENT_DIGEST, blob.digest().toString());
        Responses.empty(ctx, 201);
    }
}
