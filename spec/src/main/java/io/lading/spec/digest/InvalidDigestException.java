package io.lading.spec.digest;

/** A string that is not a digest this registry accepts, with the reason in the message. */
public final class InvalidDigestException extends IllegalArgumentException {
    private final boolean unsupportedAlgorithm;

    public InvalidDigestException(String message, boolean unsupportedAlgorithm) {
        super(message);
        this.unsupportedAlgorithm = unsupportedAlgorithm;
    }

    /** True when the string is well formed but names an algorithm we do not implement. */
    public boolean unsupportedAlgorithm() {
        return unsupportedAlgorithm;
    }
}
