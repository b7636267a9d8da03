package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;

/** Progress of fetches, for logs and status; called from the engine's threads, so it must be quick. */
public interface FetchListener {
    FetchListener NONE = new FetchListener() {
    };

    /**
     * A chunk of {@code bytes} from {@code source} is durable, and matched the chunk index when it came from a
     * peer. Registry chunks, and every range of a blob without an index, are vouched for by the whole digest when
     * the blob is complete; if that fails, the chunks that do not match the index are fetched again, checked, and
     * reported here a second time.
     */
    default void chunkVerified(Digest blob, int chunk, String source, long bytes) {
    }

    /** A source served bad bytes, failed or stalled; it is banned for this blob unless it is the last one. */
    default void sourceRejected(Digest blob, int chunk, String source, String reason) {
    }
}
