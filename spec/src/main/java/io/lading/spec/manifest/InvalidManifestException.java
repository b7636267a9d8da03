package io.lading.spec.manifest;

/** Manifest bytes that are not a manifest we accept, with the reason in the message. */
public final class InvalidManifestException extends IllegalArgumentException {
    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
