package io.lading.puller.peer;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which repositories this host knows to hold each blob, from the manifests it pulled (spec/peers.md: a peer
 * serves a blob only to a token that may pull a repository holding it). Without an entry the blob is served to
 * nobody, so a blob never leaks through a repository that does not hold it.
 */
public final class BlobHoldings {
    private final Map<Digest, Set<RepositoryName>> byBlob = new ConcurrentHashMap<>();

    /** The manifest pulled from {@code repository} names these blobs. */
    public void hold(RepositoryName repository, Collection<Digest> blobs) {
        for (Digest d : blobs) {
            byBlob.computeIfAbsent(d, k -> ConcurrentHashMap.newKeySet()).add(repository);
        }
    }

    public Set<RepositoryName> repositories(Digest blob) {
        return Set.copyOf(byBlob.getOrDefault(blob, Set.of()));
    }
}
