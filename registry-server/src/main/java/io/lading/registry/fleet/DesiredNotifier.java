package io.lading.registry.fleet;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes long polls of desired state. A poll takes its host's signal <em>before</em> it computes the answer,
 * then waits on it; anything that may change a host's desired state fires the signal afterwards. So a change
 * between the computation and the wait is never missed, and a waiting poll holds a future, not a thread of a
 * pool nor a database connection.
 */
public final class DesiredNotifier {
    private final ConcurrentHashMap<String, CompletableFuture<Void>> signals = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The registry is stopping: held polls answer now rather than hold the HTTP server's shutdown. */
    public void close() {
        closed = true;
        wakeAll();
    }

    public boolean closed() {
        return closed;
    }

    /** The signal the next change of this host fires. */
    public CompletableFuture<Void> signal(HostId host) {
        return signals.computeIfAbsent(host.value(), h -> new CompletableFuture<>());
    }

    public void wake(HostId host) {
        CompletableFuture<Void> f = signals.remove(host.value());
        if (f != null) {
            f.complete(null);
        }
    }

    public void wake(Collection<HostId> hosts) {
        hosts.forEach(this::wake);
    }

    public void wakeAll() {
        for (String h : signals.keySet()) {
            CompletableFuture<Void> f = signals.remove(h);
            if (f != null) {
                f.complete(null);
            }
        }
    }
}
