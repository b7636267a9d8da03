package io.lading.puller.cache;

/**
 * Space the cache uses against its budget; every byte is counted once however many versions link it.
 * {@code reservedBytes} is held for downloads in progress; partial downloads themselves are not counted.
 */
public record CacheUsage(long budgetBytes, int blobs, long usedBytes, long reservedBytes, long pinnedBytes,
                         long linkedBytes, long evictableBytes) {
}
