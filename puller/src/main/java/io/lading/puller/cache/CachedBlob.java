package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One verified blob in the cache. {@code links} is the inode's hard link count: above one, a version directory
 * still links the bytes, so removing the cache entry would free nothing.
 */
public record CachedBlob(Digest digest, Path path, long size, Instant lastUsed, int links, boolean pinned) {

    public boolean linkedByVersion() {
        return links > 1;
    }

    /** Whether eviction may remove it and actually get its space back. */
    public boolean evictable() {
        return !pinned && !linkedByVersion();
    }
}
