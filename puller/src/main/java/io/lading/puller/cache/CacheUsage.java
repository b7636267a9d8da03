package io.lading.puller.cache;

/** Space the cache uses against its budget; every byte is counted once however many versions link it. */
public record CacheUsage(long budgetBytes, int blobs, long usedBytes, long pinnedBytes, long linkedBytes,
                         long evictableBytes) {
}
