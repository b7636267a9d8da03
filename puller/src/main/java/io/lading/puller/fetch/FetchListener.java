package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;

/** Progress of fetches, for logs and status; called from the engine's threads, so it must be quick. */
public interface FetchListener {
    FetchListener NONE = new FetchListener() {
    };

    /**
     * A chunk of {@code bytes} from {@code source} matched the chunk index and is durable. Without an index the
     * range is only durable: the whole digest vouches for it when the blob is complete.
     */
    default void chunkVerified(Digest blob, int chunk, String source, long bytes) {
    }

    /** A source served bad bytes, failed or stalled; it is banned for this blob unless it is the last one. */
    default void sourceRejected(Digest blob, int chunk, String source, String reason) {
    }
}
