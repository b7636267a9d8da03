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
import java.time.Clock;
import java.time.Duration;

/**
 * The control-plane side of one daemon, wired from its config: the desired state it long-polls, the reporter
 * that hears the sync loop, and the heartbeat that sends what the reporter knows. Started before the loop and
 * closed after it.
 */
public final class ControlPlane implements AutoCloseable {
    /** Polls that failed are retried from this wait up to {@link #MAX_RETRY}. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ControlPlaneState desired;
    private final HostReporter reporter;
    private final Heartbeat heartbeat;

    private ControlPlane(ControlPlaneState desired, HostReporter reporter, Heartbeat heartbeat) {
        this.desired = desired;
        this.reporter = reporter;
        this.heartbeat = heartbeat;
    }

    public static ControlPlane start(DaemonConfig config, Credentials credentials, Activator activator, CachedVersions cached) {
        ControlPlaneConfig settings = config.controlPlane();
        // Our Backoff decides when to try again, so the transport does not also retry (that would hide an outage
        // behind half a minute of silent attempts). The read timeout outlasts the longest poll.
        ClientSettings http = ClientSettings.DEFAULT.withRetry(RetryPolicy.none());
        RegistryClient registry = new RegistryClient(config.controlPlaneUrl(), credentials, http);
        ControlPlaneClient client = new ControlPlaneClient(registry, config.hostIdOrDefault(),
                config.models().stream().map(DaemonConfig.Model::repositoryName).toList());
        HostReporter reporter = new HostReporter(config.labels(), config.models(), activator, cached, Clock.systemUTC());
        Heartbeat heartbeat = new Heartbeat(client, reporter, settings.heartbeat());
        ControlPlaneState desired = new ControlPlaneState(client, config.models(), settings.waitSecondsOrDefault(),
                new Backoff(FIRST_RETRY, MAX_RETRY), heartbeat::now);
        return new ControlPlane(desired, reporter, heartbeat);
    }

    public DesiredState desiredState() {
        return desired;
    }

    public SyncListener listener() {
        return reporter;
    }

    @Override
    public void close() {
        heartbeat.close();
    }
}
