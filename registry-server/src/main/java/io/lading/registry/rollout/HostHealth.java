package io.lading.registry.rollout;

import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.ModelReport;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;

/** How one host stands in a rollout's wave, read from its last report (spec/control-plane.md, Progress). */
public final class HostHealth {
    private HostHealth() {
    }

    /** LOST also covers a host that no longer reports the model. */
    public enum Status { HEALTHY, FAILED, LOST, WAITING }

    /** The host's status, and the failure reason when FAILED. */
    public record Verdict(Status status, String reason) {
    }

    public static Verdict of(HostState host, RepositoryName model, Digest target) {
        if (host == null || host.lost()) {
            return new Verdict(Status.LOST, null);
        }
        ModelReport r = host.report(model);
        if (r == null) {
            // The host no longer serves the model: like a lost host, it neither fails nor holds its wave back.
            return new Verdict(Status.LOST, null);
        }
        var a = r.lastActivation();
        if (a != null && target.equals(a.version()) && !a.ok()) {
            return new Verdict(Status.FAILED, "activation failed: " + (a.error() == null ? "no reason given" : a.error()));
        }
        if (!target.equals(r.active())) {
            return new Verdict(Status.WAITING, null);
        }
        if (r.health() != null && !r.health().ok()) {
            return new Verdict(Status.FAILED, "health probe failed: " + (r.health().detail() == null ? "no detail" : r.health().detail()));
        }
        return new Verdict(Status.HEALTHY, null);
    }

    public static boolean cached(HostState host, RepositoryName model, Digest target) {
        ModelReport r = host == null ? null : host.report(model);
        return r != null && (r.hasCached(target) || target.equals(r.active()));
    }
}
