package io.lading.puller.pull;

import io.lading.spec.digest.Digest;

/** Progress of one pull, for a progress bar or log lines; called from fetch threads, so it must be quick. */
public interface PullListener {
    PullListener NONE = new PullListener() {
    };

    /** The manifest is known: {@code blobs} blobs of {@code totalBytes}, of which {@code cachedBytes} are already here. */
    default void started(Digest manifest, int blobs, long totalBytes, long cachedBytes) {
    }

    /** {@code bytes} more were verified, from {@code source} ({@code registry} or a peer). */
    default void verified(Digest blob, String source, long bytes) {
    }

    /** A source served bad bytes or failed; the chunk is fetched again from another. */
    default void rejected(Digest blob, String source, String reason) {
    }

    default void blobDone(Digest blob, long size) {
    }
}
