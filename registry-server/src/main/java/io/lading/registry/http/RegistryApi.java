package io.lading.registry.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.auth.LoginThrottle;
import io.lading.registry.auth.PrincipalService;
import io.lading.registry.auth.TokenService;
import io.lading.registry.auth.oidc.OidcFederation;
import io.lading.registry.blob.BlobService;
import io.lading.registry.control.ControlPlane;
import io.lading.registry.db.Database;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.listing.ListingService;
import io.lading.registry.manifest.ManifestService;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.registry.upload.UploadService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP edge: Javalin on virtual threads, the router, access control, error mapping, access log, metrics, audit. */
public final class RegistryApi {
    private static final Logger access = LoggerFactory.getLogger("lading.access");
    private static final String STARTED_AT = "lading.startedAt";
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private RegistryApi() {
    }

    /** What the edge serves. {@code tokens} is null when access control is off. */
    public record Services(Database db, Path dataDir, RegistryMetrics metrics, BlobService blobs, UploadService uploads,
                           ManifestService manifests, ListingService listings, PrincipalService principals,
                           TokenService tokens, OidcFederation federation, LoginThrottle throttle, AuditLog audit,
                           ControlPlane control) {
    }

    public static Javalin create(String host, int port, Services s, Consumer<Server> jettyCustomizer) {
        AuthFilter auth = s.tokens() == null ? null : new AuthFilter(s.tokens());
        var access = new ControlAccess(auth);
        var c = s.control();
        Router router = new Router(new BlobHandlers(s.blobs(), s.metrics()), new UploadHandlers(s.uploads()),
                new ManifestHandlers(s.manifests()), new ListingHandlers(s.listings()), new AdminHandlers(s.principals(), s.audit()),
                new HostHandlers(c.fleet(), c.desired(), c.notifier(), s.metrics(), access),
                new RolloutHandlers(c.rollouts(), c.fleet(), access), new ChannelHandlers(c.channels(), c.rollouts()), auth);
        OpsHandlers ops = new OpsHandlers(s.db(), s.dataDir(), s.metrics());
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.disableCompression();
            config.router.ignoreTrailingSlashes = false;
            config.jetty.defaultHost = host;
            config.jetty.defaultPort = port;
            config.jetty.modifyServer(jettyCustomizer);
        });
        for (HandlerType method : METHODS) {
            for (String path : List.of("/v2", "/v2/", "/v2/<rest>", "/lading/v1/<rest>")) {
                app.addHttpHandler(method, path, router::handle);
            }
        }
        if (s.tokens() != null) {
            TokenHandlers tokens = new TokenHandlers(s.tokens(), s.principals(), s.federation(), s.throttle(), s.audit());
            app.get("/token", tokens::get);
            app.post("/token", tokens::post);
            app.get("/token/jwks.json", tokens::jwks);
        }
        app.get("/healthz", ops::healthz);
        app.get("/readyz", ops::readyz);
        app.get("/metrics", ops::metrics);
        RequestAudit audit = new RequestAudit(s.audit());
        app.before(ctx -> {
            ctx.attribute(STARTED_AT, System.nanoTime());
            if (ctx.path().startsWith("/v2")) {
                Router.apiVersionHeader(ctx);
            }
        });
        app.exception(RegistryFailure.class, ErrorMapper::write);
        app.exception(Exception.class, ErrorMapper::writeUnexpected);
        app.after(ctx -> {
            record(ctx, s.metrics());
            audit.record(ctx);
        });
        return app;
    }

    private static void record(Context ctx, RegistryMetrics metrics) {
        Long started = ctx.attribute(STARTED_AT);
        Duration elapsed = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
        String tagged = ctx.attribute(Router.ENDPOINT_ATTRIBUTE);
        String endpoint = tagged == null ? "other" : tagged;
        int status = ctx.statusCode();
        metrics.request(endpoint, ctx.method().name(), status, elapsed);
        access.atInfo().addKeyValue("method", ctx.method()).addKeyValue("path", ctx.path()).addKeyValue("status", status)
                .addKeyValue("ms", elapsed.toMillis()).addKeyValue("endpoint", endpoint)
                .addKeyValue("remote", ctx.req().getRemoteAddr()).log("request");
    }
}
