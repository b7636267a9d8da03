package io.lading.registry.failure;

import io.lading.spec.digest.Digest;
import java.util.List;

/**
 * Every way a registry operation can fail that is the client's business. Services throw these;
 * one mapper at the HTTP edge (http.ErrorMapper) turns each into its OCI error code, status and
 * headers with an exhaustive switch, so a new failure cannot forget its code.
 */
public sealed abstract class RegistryFailure extends RuntimeException {

    protected RegistryFailure(String message) {
        super(message, null, false, false);
    }

    public static final class NameInvalid extends RegistryFailure {
        public NameInvalid(String message) { super(message); }
    }

    public static final class NameUnknown extends RegistryFailure {
        public NameUnknown(String repository) { super("repository " + repository + " is not known to this registry"); }
    }

    /** Something of Lading's own API (a principal, a grant) that does not exist. */
    public static final class NotFound extends RegistryFailure {
        public NotFound(String message) { super(message); }
    }

    public static final class BlobUnknown extends RegistryFailure {
        public BlobUnknown(String repository, Digest digest) {
            super("blob " + digest + " is not in repository " + repository);
        }
    }

    public static final class BlobUploadUnknown extends RegistryFailure {
        public BlobUploadUnknown(String id) { super("upload " + id + " is not known (finished, cancelled or never started)"); }
    }

    public static final class BlobUploadInvalid extends RegistryFailure {
        public BlobUploadInvalid(String message) { super(message); }
    }

    /** A chunk that does not start where the upload stands; the client should resume from {@code committed}. */
    public static final class UploadOutOfOrder extends RegistryFailure {
        private final String location;
        private final long committed;

        public UploadOutOfOrder(String location, long committed, long requestedStart) {
            super("chunk starts at byte " + requestedStart + " but the upload holds " + committed
                    + " bytes; send the chunk that starts at " + committed);
            this.location = location;
            this.committed = committed;
        }

        public String location() { return location; }
        public long committed() { return committed; }
    }

    public static final class DigestInvalid extends RegistryFailure {
        public DigestInvalid(String message) { super(message); }
    }

    public static final class SizeInvalid extends RegistryFailure {
        public SizeInvalid(String message) { super(message); }
    }

    public static final class RangeNotSatisfiable extends RegistryFailure {
        private final long size;

        public RangeNotSatisfiable(String range, long size) {
            super("range '" + range + "' cannot be served from a blob of " + size + " bytes; one range of the form"
                    + " bytes=<first>-[<last>] or bytes=-<suffix> inside the blob is expected");
            this.size = size;
        }

        public long size() { return size; }
    }

    public static final class ManifestInvalid extends RegistryFailure {
        public ManifestInvalid(String message) { super(message); }
    }

    public static final class ManifestTooLarge extends RegistryFailure {
        public ManifestTooLarge(int limit) { super("manifest is larger than the " + limit + " bytes this registry accepts"); }
    }

    public static final class ManifestUnknown extends RegistryFailure {
        public ManifestUnknown(String repository, String reference) {
            super("manifest " + reference + " is not in repository " + repository);
        }

        public ManifestUnknown(String message) { super(message); }
    }

    public static final class ManifestBlobUnknown extends RegistryFailure {
        private final List<String> missing;

        public ManifestBlobUnknown(String repository, List<String> missing) {
            super("manifest references content that repository " + repository + " does not hold: " + missing
                    + "; push those blobs (or child manifests) to " + repository + " first");
            this.missing = List.copyOf(missing);
        }

        public List<String> missing() { return missing; }
    }

    public static final class TagInvalid extends RegistryFailure {
        public TagInvalid(String message) { super(message); }
    }

    public static final class PaginationInvalid extends RegistryFailure {
        public PaginationInvalid(String message) { super(message); }
    }

    /** No valid token, or one without the scope the request needs; the challenge tells the client where to get one. */
    public static final class Unauthorized extends RegistryFailure {
        private final String challenge;

        public Unauthorized(String challenge, String message) {
            super(message);
            this.challenge = challenge;
        }

        public String challenge() { return challenge; }
    }

    public static final class Denied extends RegistryFailure {
        public Denied(String message) { super(message); }
    }

    public static final class TooManyRequests extends RegistryFailure {
        private final long retryAfterSeconds;

        public TooManyRequests(long retryAfterSeconds, String message) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() { return retryAfterSeconds; }
    }

    public static final class Unsupported extends RegistryFailure {
        private final int status;

        public Unsupported(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }

    // The control plane (spec/control-plane.md).

    /** A malformed control-plane request: body, id, label, wave or parameter. */
    public static final class Invalid extends RegistryFailure {
        public Invalid(String message) { super(message); }
    }

    public static final class HostUnknown extends RegistryFailure {
        public HostUnknown(String hostId) {
            super("host " + hostId + " is not registered; a host registers with PUT /lading/v1/hosts/" + hostId);
        }
    }

    public static final class RolloutUnknown extends RegistryFailure {
        public RolloutUnknown(String id) { super("no rollout with id " + id); }
    }

    public static final class ChannelUnknown extends RegistryFailure {
        public ChannelUnknown(String model, String channel) { super("channel " + channel + " of " + model + " was never set"); }
    }

    /** An unfinished rollout already covers the same model, channel and hosts. */
    public static final class RolloutConflict extends RegistryFailure {
        private final String rollout;

        public RolloutConflict(String rollout, String message) {
            super(message);
            this.rollout = rollout;
        }

        public String rollout() { return rollout; }
    }

    /** The action is not allowed in the rollout's current state. */
    public static final class RolloutStateRefused extends RegistryFailure {
        private final String state;

        public RolloutStateRefused(String state, String message) {
            super(message);
            this.state = state;
        }

        public String state() { return state; }
    }
}
