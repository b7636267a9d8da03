package io.lading.puller.activate;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.util.List;
import java.util.Optional;

/** One model on this host as {@code lading ls} shows it: what is current, previous, and what versions exist. */
public record ModelState(RepositoryName name, Optional<Digest> current, Optional<Digest> previous, List<Version> versions) {

    public ModelState {
        versions = List.copyOf(versions);
    }

    /**
     * A version directory: its files and their total size. Sizes are logical; the bytes live once in the
     * blob cache and are shared with every other version that has the same layer.
     */
    public record Version(Digest manifest, int files, long bytes) {
    }
}
