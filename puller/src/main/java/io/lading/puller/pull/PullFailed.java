package io.lading.puller.pull;

/** A model version could not be put in the cache; the message is one line for logs and the CLI. */
public final class PullFailed extends RuntimeException {
    public PullFailed(String message) {
        super(message);
    }

    public PullFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
