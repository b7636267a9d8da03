package io.lading.puller.pull;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.name.RepositoryName;

/**
 * A model version whose manifest, config and layers are all verified in the cache. {@code bytesFetched} is what
 * this pull moved over the network; {@code bytesCached} what the cache already held (shared with other versions).
 */
public record PulledVersion(RepositoryName repository, Digest digest, Manifest manifest, long totalBytes,
                            long bytesFetched, long bytesCached) {
}
