package io.lading.puller.daemon;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;

/**
 * Hears what the sync loop does, for whoever reports it elsewhere (the control plane's heartbeat). Called on
 * the loop's thread; implementations return quickly.
 */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {
    };

    /** A model's status changed (state, active version, error). */
    default void status(ModelStatus status) {
    }

    /** An activation of {@code version} was tried: {@code error} is null when it succeeded, else why it did not. */
    default void activated(RepositoryName model, Digest version, String error) {
    }

    /** A version is now complete in the cache (pulled or prefetched). */
    default void cached(RepositoryName model, Digest version) {
    }
}
