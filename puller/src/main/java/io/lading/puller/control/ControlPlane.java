package io.lading.puller.control;

import io.lading.puller.activate.Activator;
import io.lading.puller.client.ClientSettings;
import io.lading.puller.client.Credentials;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RetryPolicy;
import io.lading.puller.daemon.CachedVersions;
import io.lading.puller.daemon.ControlPlaneConfig;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.DesiredState;
import io.lading.puller.daemon.SyncListener;
import io.lading.spec.name.RepositoryName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The control-plane side of one daemon, wired from its config: the desired state it long-polls, the reporter
 * that hears the sync loop, and the heartbeat that sends what the reporter knows. Started before the loop and
 * closed after it.
 */
public final class ControlPlane implements AutoCloseable {
    /** Polls that failed are retried from this wait up to {@link #MAX_RETRY}. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** A heartbeat is small, but its token may wait on a busy /token; past this the registry counts as away (well within lost-after). */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
    /** What a long poll may take beyond its wait before the registry counts as away (a slow answer, a GC pause). */
    private static final Duration POLL_MARGIN = Duration.ofSeconds(15);

    private final ControlPlaneState desired;
    private final HostReporter reporter;
    private final Heartbeat heartbeat;
    private final List<RegistryClient> clients;

    private ControlPlane(ControlPlaneState desired, HostReporter reporter, Heartbeat heartbeat, List<RegistryClient> clients) {
        this.desired = desired;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
        this.clients = clients;
    }

    public static ControlPlane start(DaemonConfig config, Credentials credentials, Activator activator, CachedVersions cached) {
        ControlPlaneConfig settings = config.controlPlane();
        // Our Backoff decides when to try again, so the transport does not also retry (that would hide an outage
        // behind half a minute of silent attempts). Heartbeats and polls have their own connections and read
        // timeouts: a registry that accepted a request and went silent (a restart, say) costs one timeout, not
        // a heartbeat stuck behind a held poll or a poll waiting out minutes.
        ClientSettings base = ClientSettings.DEFAULT.withRetry(RetryPolicy.none());
        Duration pollTimeout = Duration.ofSeconds(settings.waitSecondsOrDefault()).plus(POLL_MARGIN);
        RegistryClient polls = new RegistryClient(config.controlPlaneUrl(), credentials, withReadTimeout(base, pollTimeout));
        RegistryClient beats = new RegistryClient(config.controlPlaneUrl(), credentials, withReadTimeout(base, HEARTBEAT_TIMEOUT));
        String hostId = config.hostIdOrDefault();
        List<RepositoryName> models = config.models().stream().map(DaemonConfig.Model::repositoryName).toList();
        HostReporter reporter = new HostReporter(config.labels(), config.models(), activator, cached, Clock.systemUTC());
        Heartbeat heartbeat = new Heartbeat(new ControlPlaneClient(beats, hostId, models), reporter, settings.heartbeat());
        ControlPlaneState desired = new ControlPlaneState(new ControlPlaneClient(polls, hostId, models), config.models(),
                settings.waitSecondsOrDefault(), new Backoff(FIRST_RETRY, MAX_RETRY), heartbeat::now);
        return new ControlPlane(desired, reporter, heartbeat, List.of(polls, beats));
    }

    private static ClientSettings withReadTimeout(ClientSettings s, Duration readTimeout) {
        return new ClientSettings(s.retry(), s.uploads(), s.retryListener(), s.connectTimeout(), readTimeout, s.clock());
    }

    public DesiredState desiredState() {
        return desired;
    }

    public SyncListener listener() {
        return reporter;
    }

    /** Stops the heartbeat and cancels a held long poll, so the sync loop waiting on it ends now. */
    @Override
    public void close() {
        desired.close();
        heartbeat.close();
        clients.forEach(RegistryClient::cancelAll);
    }
}
