package io.lading.puller.client;

/**
 * How blobs are uploaded. Up to {@code monolithicLimit} bytes go in one request, since a retry of a small
 * blob costs little; larger ones go in PATCH chunks of {@code chunkSize}, so a broken connection costs at
 * most one chunk, and the upload resumes from what the registry reports it holds.
 */
public record UploadSettings(long monolithicLimit, long chunkSize) {
    /** 64 MiB chunks match the registry's chunk index, so a resumed upload re-sends at most one index chunk. */
    public static final UploadSettings DEFAULT = new UploadSettings(16L << 20, 64L << 20);

    public UploadSettings {
        if (chunkSize <= 0 || monolithicLimit < 0) {
            throw new IllegalArgumentException("upload chunk size must be positive and the monolithic limit non-negative, got "
                    + chunkSize + " and " + monolithicLimit);
        }
    }
}
