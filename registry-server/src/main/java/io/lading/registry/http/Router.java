package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.api.Endpoint;
import io.lading.spec.api.Headers;
import java.io.IOException;

/** Dispatches by the endpoint table of spec/ (api.Endpoint), so routes are written down once. */
final class Router {
    static final String ENDPOINT_ATTRIBUTE = "lading.endpoint";

    private final BlobHandlers blobs;
    private final UploadHandlers uploads;
    private final ManifestHandlers manifests;
    private final ListingHandlers listings;
    private final AdminHandlers admin;
    private final HostHandlers hosts;
    private final RolloutHandlers rollouts;
    private final ChannelHandlers channels;
    /** Null when access control is off. */
    private final AuthFilter auth;

    Router(BlobHandlers blobs, UploadHandlers uploads, ManifestHandlers manifests, ListingHandlers listings,
           AdminHandlers admin, HostHandlers hosts, RolloutHandlers rollouts, ChannelHandlers channels, AuthFilter auth) {
        this.hosts = hosts;
        this.rollouts = rollouts;
        this.channels = channels;
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.listings = listings;
        this.admin = admin;
        this.auth = auth;
    }

    void handle(Context ctx) throws IOException {
        // The raw path: a percent-encoded slash or dot must reach validation as it was sent.
        String path = ctx.req().getRequestURI();
        Endpoint.Match m = Endpoint.match(path)
                .orElseThrow(() -> new RegistryFailure.Unsupported(404, "no endpoint at " + path));
        ctx.attribute(ENDPOINT_ATTRIBUTE, m.endpoint().name().toLowerCase());
        if (!m.endpoint().allows(ctx.method().name())) {
            throw new RegistryFailure.Unsupported(405, ctx.method() + " is not supported on " + path);
        }
        if (auth != null) {
            auth.check(ctx, m);
        }
        switch (m.endpoint()) {
            case BASE -> Responses.json(ctx, 200, "application/json", java.util.Map.of());
            case CATALOG -> listings.catalog(ctx);
            case UPLOAD_START -> uploads.start(ctx, m);
            case UPLOAD_SESSION -> uploads.session(ctx, m);
            case BLOB -> blobs.handle(ctx, m);
            case MANIFEST -> manifests.handle(ctx, m);
            case TAGS -> listings.tags(ctx, m);
            case REFERRERS -> listings.referrers(ctx, m);
            case CHUNK_INDEX -> blobs.chunkIndex(ctx, m);
            case ADMIN_ROBOTS, ADMIN_PRINCIPALS, ADMIN_PRINCIPAL, ADMIN_GRANTS, ADMIN_GRANT, ADMIN_AUDIT -> admin.handle(ctx, m);
            case HOSTS, HOST, HOST_DESIRED -> hosts.handle(ctx, m);
            case ROLLOUTS, ROLLOUT, ROLLOUT_ACTION -> rollouts.handle(ctx, m);
            case CHANNEL, CHANNEL_HISTORY -> channels.handle(ctx, m);
        }
    }

    static void apiVersionHeader(Context ctx) {
        ctx.header(Headers.DOCKER_DISTRIBUTION_API_VERSION, Headers.API_VERSION_VALUE);
    }
}
