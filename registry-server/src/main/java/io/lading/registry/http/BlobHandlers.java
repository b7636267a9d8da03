package io.lading.registry.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.lading.registry.blob.BlobService;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.spec.api.Headers;
import io.lading.spec.api.Endpoint;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/** end-2 (GET/HEAD blob, with Range), end-10 (DELETE blob) and Lading's chunk index. */
final class BlobHandlers {
    private final BlobService blobs;
    private final RegistryMetrics metrics;

    BlobHandlers(BlobService blobs, RegistryMetrics metrics) {
        this.blobs = blobs;
        this.metrics = metrics;
    }

    void handle(Context ctx, Endpoint.Match m) throws IOException {
        RepositoryName repository = Requests.repository(m.group("name"));
        Digest digest = Requests.digest(m.group("digest"));
        if (ctx.method() == HandlerType.DELETE) {
            blobs.delete(repository, digest);
            Responses.empty(ctx, 202);
            return;
        }
        long size = blobs.size(repository, digest);
        String rangeHeader = ctx.header(Headers.RANGE);
        ByteRange range = rangeHeader == null ? new ByteRange(0, size - 1) : ByteRange.parse(rangeHeader, size);
        ctx.header(Headers.DOCKER_CONTENT_DIGEST, digest.toString());
        ctx.header(Headers.ETAG, "\"" + digest + "\"");
        ctx.header(Headers.ACCEPT_RANGES, "bytes");
        ctx.res().setContentType("application/octet-stream");
        ctx.res().setContentLengthLong(size == 0 ? 0 : range.length());
        if (rangeHeader != null) {
            ctx.status(206);
            ctx.header(Headers.CONTENT_RANGE, range.contentRange(size));
        } else {
            ctx.status(200);
        }
        if (ctx.method() == HandlerType.HEAD || size == 0) {
            return;
        }
        try (SeekableByteChannel source = blobs.open(repository, digest)) {
            BlobSender.send(source, range.first(), range.length(), ctx.res().getOutputStream());
        }
        metrics.bytesSent(range.length());
    }

    void chunkIndex(Context ctx, Endpoint.Match m) {
        Digest digest = Requests.digest(m.group("digest"));
        String only = ctx.queryParam("repository");
        CallerAccess caller = CallerAccess.of(ctx);
        java.util.function.Predicate<RepositoryName> from = only == null ? caller::mayPull
                : name -> name.equals(Requests.repository(only)) && caller.mayPull(name);
        Responses.json(ctx, 200, MediaTypes.CHUNK_INDEX, blobs.chunkIndex(digest, from).toWire());
    }
}
