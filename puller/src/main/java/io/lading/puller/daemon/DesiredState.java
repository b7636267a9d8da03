package io.lading.puller.daemon;

import java.io.IOException;
import java.util.List;

/**
 * Where a host learns what it should run. Today a {@link TagFollower} resolves configured tags; the rollout
 * control plane will answer the same question per host (with long polling) and replace it, without the
 * daemon's loop changing.
 */
public interface DesiredState {

    /** The versions this host should have active now. Throws when the source cannot be reached. */
    List<Target> targets() throws IOException;

    /** Waits until the desired state may have changed (a poll interval today; a long poll later). */
    void awaitChange() throws InterruptedException;
}
