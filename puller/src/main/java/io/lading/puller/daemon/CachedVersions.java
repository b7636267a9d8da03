package io.lading.puller.daemon;

import io.lading.puller.cache.BlobCache;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a version is complete in the host's cache: its manifest and every blob it names are there, verified.
 * Such a version activates without a byte from the network, which is what makes a rollback to a cached
 * version instant (spec/control-plane.md: rollback fetches nothing).
 */
public final class CachedVersions {
    private final BlobCache cache;

    public CachedVersions(BlobCache cache) {
        this.cache = cache;
    }

    public boolean complete(Digest manifest) {
        Optional<Path> file = cache.find(manifest);
        if (file.isEmpty()) {
            return false;
        }
        try {
            Manifest m = Manifest.parse(Files.readAllBytes(file.get()), null);
            if (m.isIndex()) {
                return false;
            }
            for (Descriptor d : m.blobReferences()) {
                if (cache.find(d.parsedDigest()).isEmpty()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            // Unreadable or not a manifest: not usable from the cache, so it will be pulled.
            return false;
        }
    }
}
