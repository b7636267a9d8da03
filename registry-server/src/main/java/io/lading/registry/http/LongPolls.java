package io.lading.registry.http;

import java.time.Duration;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * Keeps Jetty from cutting a held long poll of desired state. Jetty closes a connection idle for its idle
 * timeout (30 s by default), and a poll may wait up to {@link HostHandlers#MAX_WAIT_SECONDS} without writing a
 * byte (spec/control-plane.md, desired state).
 */
public final class LongPolls {
    /** The longest wait plus a margin for computing and writing the answer. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(HostHandlers.MAX_WAIT_SECONDS + 15);

    private LongPolls() {
    }

    /** Raises every connector's idle timeout; called once the server has started, before the first request. */
    public static void allowOnEveryConnector(Server server) {
        for (Connector c : server.getConnectors()) {
            if (c instanceof AbstractConnector connector && connector.getIdleTimeout() < IDLE_TIMEOUT.toMillis()) {
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            }
        }
    }
}
