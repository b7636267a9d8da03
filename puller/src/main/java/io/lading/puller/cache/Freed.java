package io.lading.puller.cache;

/** What an eviction or a garbage collection removed. */
public record Freed(int blobs, long bytes) {
}
