/**
 * The host's verified blob cache. {@link io.lading.puller.cache.CacheLayout} says where things live;
 * {@link io.lading.puller.cache.BlobCache} is the one entry point: {@code find} (a hit stamps the blob's mtime,
 * the persisted LRU clock), {@code admit} and {@code put} (fsync, read-only, atomic rename; never a partial blob
 * under a digest), pins (a model's {@code current} and {@code previous} versions read from their
 * {@code .lading/manifest.json}, plus explicit pins persisted under {@code pins/}), {@code reserve}/{@code ensureRoom}
 * (LRU eviction under a byte budget, {@link io.lading.puller.cache.CacheFull} when pinned and linked data leave
 * no room), {@code gc}, {@code usage} and {@code list}. A blob whose hard link count is above one is still
 * linked from a version directory: evicting it would free nothing, so it is never evicted.
 *
 * <p>Callers that are about to link blobs into a new version should pin them first, so an eviction running in
 * between cannot remove them.
 */
package io.lading.puller.cache;
