package io.lading.puller.client.push;

import io.lading.puller.client.UploadOutcome;

/** Hears how a push goes, for progress output. Called from several upload threads at once. */
public interface PushListener {
    PushListener NONE = new PushListener() {
    };

    /** A phase ({@code hashing}, {@code pushing}) starts over {@code totalBytes}. */
    default void phase(String name, long totalBytes) {
    }

    /** Bytes done in the current phase; negative when a failed chunk is rolled back to be sent again. */
    default void advance(long bytes) {
    }

    /** A blob is in the registry: uploaded, mounted, or already there ({@code null} outcome). */
    default void blobDone(ShardFile shard, UploadOutcome outcome) {
    }

    /** The current phase is over. */
    default void phaseDone() {
    }
}
