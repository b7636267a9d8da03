package io.lading.spec.error;

/**
 * The error codes of the distribution spec, with the status each is normally sent with.
 * See https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes
 */
public enum ErrorCode {
    BLOB_UNKNOWN("code-1", 404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID("code-2", 400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN("code-3", 404, "blob upload unknown to registry"),
    DIGEST_INVALID("code-4", 400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN("code-5", 404, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID("code-6", 400, "manifest invalid"),
    MANIFEST_UNKNOWN("code-7", 404, "manifest unknown to registry"),
    NAME_INVALID("code-8", 400, "invalid repository name"),
    NAME_UNKNOWN("code-9", 404, "repository name not known to registry"),
    SIZE_INVALID("code-10", 400, "provided length did not match content length"),
    UNAUTHORIZED("code-11", 401, "authentication required"),
    DENIED("code-12", 403, "requested access to the resource is denied"),
    UNSUPPORTED("code-13", 405, "the operation is unsupported"),
    TOOMANYREQUESTS("code-14", 429, "too many requests"),
    /** Not in the OCI table; registered by Distribution, which clients know, for a malformed tag or page size. */
    TAG_INVALID("docker", 400, "manifest tag did not match URI"),
    PAGINATION_NUMBER_INVALID("docker", 400, "invalid number of results requested"),
    /** Lading's control plane (spec/control-plane.md): a malformed body, id, label, wave or parameter. */
    INVALID("lading", 400, "invalid request"),
    HOST_UNKNOWN("lading", 404, "host not registered"),
    ROLLOUT_UNKNOWN("lading", 404, "rollout unknown"),
    CHANNEL_UNKNOWN("lading", 404, "channel never set"),
    /** An unfinished rollout already covers the same model, channel and hosts. */
    ROLLOUT_CONFLICT("lading", 409, "conflicting rollout"),
    /** The action is not allowed in the rollout's current state. */
    ROLLOUT_STATE("lading", 409, "action not allowed in this rollout state");

    private final String specId;
    private final int defaultStatus;
    private final String defaultMessage;

    ErrorCode(String specId, int defaultStatus, String defaultMessage) {
        this.specId = specId;
        this.defaultStatus = defaultStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The identifier in the spec's table, such as {@code code-4}. */
    public String specId() {
        return specId;
    }

    public int defaultStatus() {
        return defaultStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
