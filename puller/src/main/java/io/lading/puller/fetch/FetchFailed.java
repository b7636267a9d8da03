package io.lading.puller.fetch;

/**
 * A blob could not be fetched from any source. Verified chunks stay in the partial download, so the next
 * attempt resumes where this one stopped.
 */
public final class FetchFailed extends RuntimeException {

    public FetchFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
