package io.lading.puller.control;

import io.lading.puller.client.RegistryException;
import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.DesiredState;
import io.lading.puller.daemon.Target;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The daemon's desired state from the control plane: {@link #awaitChange()} is the long poll of
 * {@code GET /lading/v1/hosts/{hostId}/desired}, {@link #targets()} the last answer, per followed model. A model
 * the answer leaves out, or names with {@code active} null, keeps what is active. When the control plane cannot
 * be reached the last answer stands (so the daemon keeps serving) and polls are retried with {@link Backoff}.
 */
public final class ControlPlaneState implements DesiredState {
    private static final Logger LOG = Logger.getLogger(ControlPlaneState.class.getName());

    private final ControlPlaneClient client;
    private final List<DaemonConfig.Model> models;
    private final int waitSeconds;
    private final Backoff backoff;
    private final Runnable register;
    private volatile Desired last;
    private volatile boolean closed;
    private String lastFailure;

    /** {@code register} asks for a heartbeat now; used when the registry does not know the host yet. */
    public ControlPlaneState(ControlPlaneClient client, List<DaemonConfig.Model> models, int waitSeconds, Backoff backoff,
                             Runnable register) {
        this.client = client;
        this.models = List.copyOf(models);
        this.waitSeconds = waitSeconds;
        this.backoff = backoff;
        this.register = register;
    }

    @Override
    public List<Target> targets() throws IOException {
        Desired d = last;
        if (d == null) {
            d = poll(null, 0);
        }
        return targets(d);
    }

    @Override
    public void awaitChange() throws InterruptedException {
        Desired d = last;
        try {
            poll(d == null ? null : d.generation(), waitSeconds);
            backoff.reset();
            if (lastFailure != null) {
                LOG.info("the control plane answers again");
                lastFailure = null;
            }
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return; // the daemon is stopping and cancelled the poll
            }
            if (e instanceof RegistryException r && ErrorCode.HOST_UNKNOWN.name().equals(r.code())) {
                register.run();
            }
            Duration wait = backoff.next();
            if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                LOG.warning("cannot reach the control plane; keeping the active versions, next try in " + wait.toMillis()
                        + " ms: " + e.getMessage());
                lastFailure = String.valueOf(e.getMessage());
            }
            Thread.sleep(wait);
        }
    }

    /** The daemon is stopping: a poll that fails from now on was cancelled, not lost. */
    void close() {
        closed = true;
    }

    /** The last answer, if any (for /status and tests). */
    public Optional<Desired> last() {
        return Optional.ofNullable(last);
    }

    private Desired poll(String since, int wait) throws IOException {
        Desired d = client.desired(since, wait);
        last = d;
        return d;
    }

    private List<Target> targets(Desired d) throws IOException {
        List<Target> out = new ArrayList<>();
        for (DaemonConfig.Model m : models) {
            RepositoryName name = m.repositoryName();
            Desired.Model want = d.models().stream().filter(x -> name.value().equals(x.model())).findFirst().orElse(null);
            Optional<Digest> active = Optional.empty();
            List<Digest> prefetch = List.of();
            if (want != null) {
                try {
                    active = Optional.ofNullable(want.active()).map(Digest::parse);
                    prefetch = want.prefetch().stream().map(Digest::parse).toList();
                } catch (IllegalArgumentException e) {
                    throw new IOException("the control plane named an invalid version for " + name + ": " + e.getMessage(), e);
                }
            }
            out.add(new Target(name, active, Optional.empty(), m.hook(), prefetch, want != null && want.rollback()));
        }
        return out;
    }
}
