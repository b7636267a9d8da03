package io.lading.puller.fetch;

import java.time.Duration;

/**
 * How the fetch engine moves bytes.
 *
 * @param parallelism         chunks in flight per blob; a few streams fill a fast link while keeping the disk
 *                            writing mostly sequentially (MEASURED.md: 4 streams ~0.55 GB/s to disk here)
 * @param stallTimeout        a source that sends no byte for this long loses its chunk to another source
 * @param maxAttemptsPerChunk attempts for one chunk across all sources before the fetch fails
 * @param bytesPerSecond      cap shared by every stream of the engine; 0 means no cap
 * @param fallbackChunkSize   range size when the registry has no chunk index (a foreign registry): such ranges
 *                            are verified only by the whole digest; 64 MiB like the registry's default chunks
 */
public record FetchSettings(int parallelism, Duration stallTimeout, int maxAttemptsPerChunk, long bytesPerSecond,
                            long fallbackChunkSize) {
    public static final int DEFAULT_PARALLELISM = 4;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS_PER_CHUNK = 4;
    public static final long DEFAULT_FALLBACK_CHUNK_SIZE = 64L << 20;

    public FetchSettings {
        if (parallelism < 1 || maxAttemptsPerChunk < 1 || bytesPerSecond < 0 || fallbackChunkSize < 1
                || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("invalid fetch settings: " + parallelism + " streams, stall timeout "
                    + stallTimeout + ", " + maxAttemptsPerChunk + " attempts, " + bytesPerSecond + " bytes/s, "
                    + fallbackChunkSize + "-byte fallback chunks");
        }
    }

    public static FetchSettings defaults() {
        return new FetchSettings(DEFAULT_PARALLELISM, DEFAULT_STALL_TIMEOUT, DEFAULT_MAX_ATTEMPTS_PER_CHUNK, 0,
                DEFAULT_FALLBACK_CHUNK_SIZE);
    }

    public FetchSettings withParallelism(int value) {
        return new FetchSettings(value, stallTimeout, maxAttemptsPerChunk, bytesPerSecond, fallbackChunkSize);
    }

    public FetchSettings withStallTimeout(Duration value) {
        return new FetchSettings(parallelism, value, maxAttemptsPerChunk, bytesPerSecond, fallbackChunkSize);
    }

    public FetchSettings withMaxAttemptsPerChunk(int value) {
        return new FetchSettings(parallelism, stallTimeout, value, bytesPerSecond, fallbackChunkSize);
    }

    public FetchSettings withBytesPerSecond(long value) {
        return new FetchSettings(parallelism, stallTimeout, maxAttemptsPerChunk, value, fallbackChunkSize);
    }

    public FetchSettings withFallbackChunkSize(long value) {
        return new FetchSettings(parallelism, stallTimeout, maxAttemptsPerChunk, bytesPerSecond, value);
    }
}
