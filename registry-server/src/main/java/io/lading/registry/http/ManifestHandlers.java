package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.manifest.ManifestService;
import io.lading.registry.manifest.ManifestService.StoredManifest;
import io.lading.spec.api.Endpoint;
import io.lading.spec.api.Headers;
import io.lading.spec.api.Limits;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** end-3 (GET/HEAD), end-7 (PUT) and end-9 (DELETE) on manifests, by tag or digest. */
final class ManifestHandlers {
    private final ManifestService manifests;

    ManifestHandlers(ManifestService manifests) {
        this.manifests = manifests;
    }

    void handle(Context ctx, Endpoint.Match m) {
        RepositoryName repository = Requests.repository(m.group("name"));
        Reference reference = Requests.reference(m.group("reference"));
        switch (ctx.method()) {
            case GET, HEAD -> get(ctx, repository, reference);
            case PUT -> {
                var pushed = manifests.put(repository, reference, ctx.header(Headers.CONTENT_TYPE), readBounded(ctx));
                ctx.header(Headers.LOCATION, pushed.location());
                ctx.header(Headers.DOCKER_CONTENT_DIGEST, pushed.digest().toString());
                pushed.subject().ifPresent(s -> ctx.header(Headers.OCI_SUBJECT, s));
                Responses.empty(ctx, 201);
            }
            case DELETE -> {
                manifests.delete(repository, reference);
                Responses.empty(ctx, 202);
            }
            default -> throw new IllegalStateException("router admitted " + ctx.method());
        }
    }

    private void get(Context ctx, RepositoryName repository, Reference reference) {
        StoredManifest manifest = manifests.get(repository, reference);
        if (!accepts(ctx.req().getHeaders(Headers.ACCEPT), manifest.mediaType())) {
            // Distribution does the same: a client that cannot read this type must not be handed it.
            throw new RegistryFailure.ManifestUnknown("manifest " + reference + " in " + repository + " is "
                    + manifest.mediaType() + ", which the request's Accept header does not list");
        }
        ctx.header(Headers.DOCKER_CONTENT_DIGEST, manifest.digest().toString());
        ctx.header(Headers.ETAG, "\"" + manifest.digest() + "\"");
        Responses.bytes(ctx, 200, manifest.mediaType(), manifest.content());
    }

    /** No Accept header, a wildcard, or the stored type listed: the client can take it. */
    static boolean accepts(java.util.Enumeration<String> acceptHeaders, String mediaType) {
        List<String> values = acceptHeaders == null ? List.of() : java.util.Collections.list(acceptHeaders);
        boolean any = false;
        for (String header : values) {
            for (String part : header.split(",")) {
                String type = part.split(";", 2)[0].trim();
                if (type.isEmpty()) {
                    continue;
                }
                any = true;
                if (type.equals(mediaType) || type.equals("*/*") || type.equals("application/*")) {
                    return true;
                }
            }
        }
        return !any;
    }

    /** Reads the manifest body, refusing it once it passes the limit instead of buffering whatever arrives. */
    private static byte[] readBounded(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > Limits.MAX_MANIFEST_BYTES) {
            throw new RegistryFailure.ManifestTooLarge(Limits.MAX_MANIFEST_BYTES);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] content = in.readNBytes(Limits.MAX_MANIFEST_BYTES + 1);
            if (content.length > Limits.MAX_MANIFEST_BYTES) {
                throw new RegistryFailure.ManifestTooLarge(Limits.MAX_MANIFEST_BYTES);
            }
            return content;
        } catch (IOException e) {
            throw new RegistryFailure.ManifestInvalid("the manifest body could not be read: " + e.getMessage());
        }
    }
}
