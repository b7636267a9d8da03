package io.lading.puller.activate;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The outcome of an activation or rollback: what {@code current} and {@code previous} point at now.
 * {@code switched} is false when the version asked for was current already (nothing changed, no hook ran).
 */
public record Activation(RepositoryName model, Digest current, Optional<Digest> previous, Path path, boolean switched) {
}
