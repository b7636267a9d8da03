package io.lading.puller.trust;

/** A trust policy that cannot be used; the message is one line saying what is wrong and where. */
public final class TrustPolicyException extends RuntimeException {
    public TrustPolicyException(String message) {
        super(message);
    }

    public TrustPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
