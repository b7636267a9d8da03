package io.lading.puller.daemon;

import io.lading.puller.activate.Activator;
import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.client.Credentials;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.FetchSettings;
import io.lading.puller.pull.ModelPuller;
import java.io.IOException;
import io.lading.puller.trust.ManifestVerifier;
import io.lading.puller.trust.PolicyCheck;
import io.lading.puller.trust.RegistryBundles;
import io.lading.puller.trust.TrustPolicy;
import io.lading.puller.trust.TrustPolicyException;
import io.lading.puller.trust.VersionCheck;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The daemon wired from its config, and running: the sync loop on its own thread and the local HTTP server.
 * The one place the host side's parts are put together. {@link #close()} stops both; a download cut short
 * stays under {@code partial/}, invisible, and resumes at the next start.
 */
public final class RunningDaemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunningDaemon.class.getName());
    private final Daemon daemon;
    private final DaemonServer server;
    private final Thread loop;
    private final Peers peers;

    private RunningDaemon(Daemon daemon, DaemonServer server, Peers peers) {
        this.daemon = daemon;
        this.server = server;
        this.peers = peers;
        this.loop = Thread.ofPlatform().name("lading-sync").start(daemon::run);
    }

    public static RunningDaemon start(DaemonConfig config) throws IOException {
        String password = config.password();
        Credentials credentials = config.username() == null || password == null
                ? Credentials.anonymous() : new Credentials(config.username(), password);
        RegistryClient registry = new RegistryClient(config.registry(), credentials);
        BlobCache cache = new BlobCache(new CacheLayout(config.cacheRoot()), config.budgetBytes());
        FetchSettings settings = FetchSettings.defaults().withBytesPerSecond(config.bytesPerSecond());
        if (config.parallelism() != null) {
            settings = settings.withParallelism(config.parallelism());
        }
        FetchEngine engine = new FetchEngine(cache, settings);
        Activator activator = new Activator(cache.layout());
        PullerMetrics metrics = new PullerMetrics(engine.stats());
        Peers peers = Peers.start(config, registry, cache, engine);
        peers.metrics(metrics);
        ModelPuller puller = new ModelPuller(registry, cache, engine, repository -> List.of(registry.blobSource(repository)),
                ModelPuller.DEFAULT_BLOB_CONCURRENCY, peers.network());
        Daemon daemon = new Daemon(new TagFollower(registry, config.models(), config.pollInterval()),
                puller, cache, activator, metrics, Clock.systemUTC(),
                versionCheck(config, registry, cache, activator));
        try {
            return new RunningDaemon(daemon, new DaemonServer(config.listenAddress(), daemon, metrics, config.labels(),
                    peers::status), peers);
        } catch (IOException | RuntimeException e) {
            peers.close();
            throw e;
        }
    }

    private static VersionCheck versionCheck(DaemonConfig config, RegistryClient registry, BlobCache cache,
                                             Activator activator) {
        Optional<TrustPolicy> policy = config.parsedTrustPolicy();
        if (policy.isEmpty()) {
            LOG.warning("NO TRUST POLICY: \"trustPolicy\" is not set, so signatures are NOT checked and this host"
                    + " activates whatever its tags name; see spec/trust-policy.md");
            return VersionCheck.unchecked();
        }
        try {
            return new PolicyCheck(new ManifestVerifier(policy.get()), new RegistryBundles(registry), cache.layout(),
                    activator);
        } catch (TrustPolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The port of /healthz, /status and /metrics (useful when the config asked for port 0). */
    public int port() {
        return server.port();
    }

    /** Stops the loop (interrupting a pull in flight) and the server; waits for the loop to end. */
    @Override
    public void close() {
        daemon.stop();
        loop.interrupt();
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        peers.close(); // leaves the tracker, so other hosts stop asking this one at once
    }

    /** The peer server's port (useful when the config asked for port 0); -1 when peers are off. */
    public int peerPort() {
        return peers.port();
    }
}
