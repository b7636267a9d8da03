package io.lading.puller.peer;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.pull.PeerNetwork;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * After a restart, which repositories hold the blobs already in the cache: read from the manifests of the model
 * versions under {@code models/<name>/versions/<hex>/.lading/manifest.json}, so the peer server serves them again
 * and the tracker hears of them, without pulling anything.
 */
public final class CachedHoldings {
    private static final Logger LOG = Logger.getLogger(CachedHoldings.class.getName());
    /** models/ + an org/name of a few levels + versions/<hex>/.lading/manifest.json */
    private static final int MAX_DEPTH = 12;

    private CachedHoldings() {
    }

    /** The cached blobs of every cached version, by repository; unreadable manifests are skipped and logged. */
    public static Map<RepositoryName, List<PeerNetwork.BlobSize>> scan(CacheLayout layout, BlobCache cache) throws IOException {
        Map<RepositoryName, List<PeerNetwork.BlobSize>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(layout.models())) {
            return out;
        }
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(layout.models(), MAX_DEPTH)) {
            manifests = files.filter(p -> p.endsWith(CacheLayout.VERSION_MANIFEST) && Files.isRegularFile(p)).toList();
        }
        for (Path manifestFile : manifests) {
            Path versions = manifestFile.getParent().getParent().getParent();
            if (!versions.getFileName().toString().equals("versions")) {
                continue;
            }
            try {
                RepositoryName repository = RepositoryName.parse(
                        layout.models().relativize(versions.getParent()).toString().replace('\\', '/'));
                Manifest manifest = Manifest.parse(Files.readAllBytes(manifestFile), null);
                List<PeerNetwork.BlobSize> blobs = out.computeIfAbsent(repository, r -> new ArrayList<>());
                for (Descriptor d : manifest.blobReferences()) {
                    if (cache.find(d.parsedDigest()).isPresent()) {
                        blobs.add(new PeerNetwork.BlobSize(d.parsedDigest(), d.size()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning("not offering the blobs of " + manifestFile + " to peers: " + e.getMessage());
            }
        }
        return out;
    }
}
