package io.lading.puller.activate;

import io.lading.spec.digest.Digest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a version could not be built, activated or rolled back. A sealed family, so a caller that maps
 * failures (the CLI today, the daemon's status report next) handles every kind. Messages are complete
 * sentences that say what was tried and what was found.
 */
public abstract sealed class ActivationFailure extends RuntimeException {

    ActivationFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Blobs the version needs are not in the cache: pull them first. */
    public static final class MissingBlobs extends ActivationFailure {
        private final List<Digest> missing;

        MissingBlobs(String model, Digest manifest, List<Digest> missing) {
            super("cannot build " + model + "@" + manifest + ": " + missing.size() + " blob(s) missing from the cache: "
                    + missing.stream().map(Digest::toString).collect(Collectors.joining(", ")) + "; pull the version first", null);
            this.missing = List.copyOf(missing);
        }

        public List<Digest> missing() {
            return missing;
        }
    }

    /** The manifest cannot become a version directory (an index, a dangerous or duplicate layer title). */
    public static final class InvalidVersion extends ActivationFailure {
        InvalidVersion(String message) {
            super(message, null);
        }
    }

    /** Rollback asked for, but there is no previous version, or it is no longer complete. */
    public static final class NoPrevious extends ActivationFailure {
        NoPrevious(String message) {
            super(message, null);
        }
    }

    /** The on-activate hook failed or timed out; the switch has been undone. */
    public static final class HookFailed extends ActivationFailure {
        HookFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The file system refused an operation; the message names the path. */
    public static final class Io extends ActivationFailure {
        Io(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
