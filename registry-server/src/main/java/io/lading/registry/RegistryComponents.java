package io.lading.registry;

import io.javalin.Javalin;
import io.lading.registry.audit.AuditLog;
import io.lading.registry.auth.LoginThrottle;
import io.lading.registry.auth.PasswordHasher;
import io.lading.registry.auth.PrincipalService;
import io.lading.registry.auth.SigningKeys;
import io.lading.registry.auth.TokenService;
import io.lading.registry.auth.oidc.OidcFederation;
import io.lading.registry.blob.BlobService;
import io.lading.registry.config.AuthConfig;
import io.lading.registry.control.ControlPlane;
import io.lading.registry.db.AuditDao;
import io.lading.registry.db.PrincipalDao;
import io.lading.registry.db.SigningKeyDao;
import io.lading.registry.config.RegistryConfig;
import io.lading.registry.db.BlobDao;
import io.lading.registry.db.Database;
import io.lading.registry.db.ManifestDao;
import io.lading.registry.db.PeerDao;
import io.lading.registry.db.RepositoryDao;
import io.lading.registry.db.TagDao;
import io.lading.registry.db.UploadDao;
import io.lading.registry.http.LongPolls;
import io.lading.registry.http.RegistryApi;
import io.lading.registry.listing.ListingService;
import io.lading.registry.manifest.ManifestService;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.registry.peer.PeerJanitor;
import io.lading.registry.peer.PeerTracker;
import io.lading.registry.storage.BlobStore;
import io.lading.registry.storage.FilesystemBlobStore;
import io.lading.registry.storage.UploadArea;
import io.lading.registry.upload.UploadService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place the registry's object graph is built, by hand.
 * Data directory layout:
 * <pre>
 * &lt;data-dir&gt;/blobs/     content-addressed blob store (storage.FilesystemBlobStore)
 * &lt;data-dir&gt;/uploads/   upload sessions in progress (storage.UploadArea)
 * &lt;data-dir&gt;/postgres/  the embedded PostgreSQL, when no database URL is configured
 * </pre>
 */
public final class RegistryComponents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryComponents.class);
    /** How often abandoned upload sessions are looked for; cheap, one indexed query. */
    private static final long JANITOR_PERIOD_MINUTES = 10;

    private final Database db;
    private final Javalin app;
    private final BlobStore blobStore;
    private final UploadService uploads;
    private final ScheduledExecutorService janitor;

    private final TokenService tokens;
    private final ControlPlane control;

    private RegistryComponents(Database db, Javalin app, BlobStore blobStore, UploadService uploads, ScheduledExecutorService janitor,
                               TokenService tokens, ControlPlane control) {
        this.control = control;
        this.tokens = tokens;
        this.db = db;
        this.app = app;
        this.blobStore = blobStore;
        this.uploads = uploads;
        this.janitor = janitor;
    }

    static RunningRegistry start(RegistryConfig config) {
        Database db = null;
        ControlPlane control = null;
        try {
            Files.createDirectories(config.dataDir());
            db = Database.open(config);
            var metrics = new RegistryMetrics();
            var store = new FilesystemBlobStore(config.dataDir().resolve("blobs"));
            var area = new UploadArea(config.dataDir().resolve("uploads"));
            var repositories = new RepositoryDao();
            var blobDao = new BlobDao();
            var manifestDao = new ManifestDao();
            var tagDao = new TagDao();
            var blobs = new BlobService(db, repositories, blobDao, store);
            var uploads = new UploadService(db, repositories, new UploadDao(), blobDao, store, area, config.chunkSize(), metrics);
            var manifests = new ManifestService(db, repositories, manifestDao, tagDao, blobDao, config.referrerLimits());
            var listings = new ListingService(db, repositories, tagDao, manifestDao);
            var principals = new PrincipalService(db, new PrincipalDao(), new PasswordHasher());
            var audit = new AuditLog(db, new AuditDao());
            control = ControlPlane.start(db, manifests, audit, metrics, config.controlPlane());
            var peerDao = new PeerDao();
            var peers = new PeerTracker(db, peerDao, config.peerExpiry(), metrics);
            var services = new RegistryApi.Services(db, config.dataDir(), metrics, blobs, uploads, manifests, listings, principals,
                    tokens(config.auth(), db, principals), federation(config.auth()),
                    new LoginThrottle(config.auth().loginFailuresPerMinute(), Clock.systemUTC()), audit, control, peers);
            Javalin app = RegistryApi.create(config.host(), config.port(), services, Tls.customizer(config));
            app.start();
            LongPolls.allowOnEveryConnector(app.jettyServer().server());
            var janitor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("upload-janitor").factory());
            janitor.scheduleWithFixedDelay(() -> purge(uploads, config.uploadExpiry()), 1, JANITOR_PERIOD_MINUTES, TimeUnit.MINUTES);
            var peerJanitor = new PeerJanitor(db, peerDao, config.peerExpiry(), metrics);
            janitor.scheduleWithFixedDelay(peerJanitor, 0, peerJanitor.period().toMillis(), TimeUnit.MILLISECONDS);
            var components = new RegistryComponents(db, app, store, uploads, janitor, services.tokens(), control);
            String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            String scheme = config.tlsKeystore().isPresent() ? "https" : "http";
            return new RunningRegistry(components, URI.create(scheme + "://" + host + ":" + app.port()));
        } catch (IOException e) {
            if (control != null) {
                control.close();
            }
            if (db != null) {
                db.close();
            }
            throw new UncheckedIOException("cannot prepare data directory " + config.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (control != null) {
                control.close();
            }
            if (db != null) {
                db.close();
            }
            throw e;
        }
    }

    /** Token service and first admin when access control is on; null when it is off. */
    private static TokenService tokens(AuthConfig auth, Database db, PrincipalService principals) {
        if (auth.mode() == AuthConfig.Mode.NONE) {
            log.warn("access control is OFF (--auth none): anyone who can reach this registry can read, push and delete");
            return null;
        }
        principals.bootstrapAdmin(auth.adminPassword()).ifPresent(password -> System.out.println(
                "lading-registry: created user 'admin' with password " + password + "  (shown once; set LADING_ADMIN_PASSWORD to choose it)"));
        // A retired key keeps verifying while any token it signed can live, plus clock skew.
        var keys = new SigningKeys(db, new SigningKeyDao(), auth.keyRotation(), auth.tokenTtl().plusMinutes(1), Clock.systemUTC());
        return new TokenService(keys, auth.issuer(), auth.service(), auth.tokenTtl(), Clock.systemUTC());
    }

    private static OidcFederation federation(AuthConfig auth) {
        return auth.oidcConfig().map(f -> OidcFederation.load(f, Clock.systemUTC())).orElseGet(OidcFederation::none);
    }

    private static void purge(UploadService uploads, Duration expiry) {
        try {
            int removed = uploads.purgeIdle(expiry);
            if (removed > 0) {
                log.atInfo().addKeyValue("removed", removed).addKeyValue("idleLongerThan", expiry).log("expired upload sessions");
            }
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("expiring upload sessions failed; will retry");
        }
    }

    /** The token service, or null when access control is off. */
    public TokenService tokens() {
        return tokens;
    }

    public UploadService uploads() {
        return uploads;
    }

    public Database database() {
        return db;
    }

    public BlobStore blobStore() {
        return blobStore;
    }

    public ControlPlane controlPlane() {
        return control;
    }

    @Override
    public void close() {
        control.close();
        janitor.shutdownNow();
        app.stop();
        db.close();
    }
}
