package io.lading.puller.pull;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.client.ManifestPull;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RegistryException;
import io.lading.puller.fetch.BlobSource;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.FetchListener;
import io.lading.puller.fetch.FetchSettings;
import io.lading.puller.fetch.PeerSwarm;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.chunk.ChunkListDigest;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Puts one model version into the host's cache: the manifest (hashed here, never trusted from a header), its
 * config and every layer, each verified before it is stored. Blobs the cache already holds, from any version
 * or model, are not fetched again, so a new version that changes one shard of eight moves one eighth of the
 * bytes. While a pull runs its blobs are pinned under {@code pinOwner}, so eviction cannot take them away
 * before they are activated; the caller unpins when the version is active or abandoned.
 */
public final class ModelPuller {
    /** Blobs up to this size (configs, small files) come in one request; larger ones go through the fetch engine. */
    private static final long SMALL_BLOB = 1 << 20;
    /**
     * Blobs fetched at once. The engine's streams ({@code FetchSettings.parallelism}) are shared among them: with
     * as many blobs as streams each blob has one, which writes its file in order and hashes it as it arrives
     * (one SHA-256 pass, no read-back); a model of one large blob gets every stream on it.
     */
    public static final int DEFAULT_BLOB_CONCURRENCY = FetchSettings.DEFAULT_PARALLELISM;
    /**
     * Blobs fetched at once with LAN peers on (issue 6): the whole version of a model cut into that many shards or
     * fewer, so the elected seeders of every blob keep the registry's link busy from start to end while peers copy
     * what already left it. Fetched two at a time, the rollout went in windows (seed two blobs, then spread them
     * with the registry idle): 3.7x the lower bound in the fleet lab. Registry streams are bounded per host
     * ({@code swarm.HostActivity}), and a stream's buffers exist only once it moves a chunk, so this bounds the
     * tracker queries (one per blob every refresh) more than memory.
     */
    public static final int SWARM_BLOB_CONCURRENCY = 16;
    /** The source named when a chunk index is refused for not matching the manifest's chunk list digest. */
    public static final String CHUNK_INDEX_SOURCE = "registry chunk index";

    private final RegistryClient registry;
    private final BlobCache cache;
    private final FetchEngine engine;
    private final Function<RepositoryName, List<BlobSource>> sources;
    private final int blobConcurrency;
    private final PeerNetwork peers;

    /** Bytes come from the registry alone. */
    public ModelPuller(RegistryClient registry, BlobCache cache, FetchEngine engine) {
        this(registry, cache, engine, repository -> List.of(registry.blobSource(repository)), DEFAULT_BLOB_CONCURRENCY);
    }

    /**
     * {@code sources} says where a repository's blob bytes may come from, in order of preference: LAN peers
     * first and the registry last, once the peer tracker exists. Whatever they serve is verified all the same.
     */
    public ModelPuller(RegistryClient registry, BlobCache cache, FetchEngine engine,
                       Function<RepositoryName, List<BlobSource>> sources, int blobConcurrency) {
        this(registry, cache, engine, sources, blobConcurrency, PeerNetwork.NONE);
    }

    /**
     * With LAN peers (issue 6): a blob that has a chunk index comes from peers first, and from the first of
     * {@code sources} (the registry) as the swarm scheduler allows; every blob pulled is announced to the tracker
     * and served to peers whose token may pull {@code repository}. Verification is the same for every source.
     */
    public ModelPuller(RegistryClient registry, BlobCache cache, FetchEngine engine,
                       Function<RepositoryName, List<BlobSource>> sources, int blobConcurrency, PeerNetwork peers) {
        if (blobConcurrency < 1) {
            throw new IllegalArgumentException("blob concurrency must be at least 1, got " + blobConcurrency);
        }
        this.registry = registry;
        this.cache = cache;
        this.engine = engine;
        this.sources = sources;
        this.blobConcurrency = blobConcurrency;
        this.peers = peers;
    }

    /** Resolves a tag or digest to the manifest the registry serves for it now. */
    public ManifestPull resolve(RepositoryName repository, Reference reference) throws IOException {
        return registry.manifest(repository, reference);
    }

    public PulledVersion pull(RepositoryName repository, Reference reference, String pinOwner, PullListener listener)
            throws IOException, InterruptedException {
        return pull(repository, resolve(repository, reference), pinOwner, listener);
    }

    public PulledVersion pull(RepositoryName repository, ManifestPull pulled, String pinOwner, PullListener listener)
            throws IOException, InterruptedException {
        Manifest manifest = pulled.manifest();
        if (manifest.isIndex()) {
            throw new PullFailed(repository + "@" + pulled.digest() + " is an index of " + manifest.manifests().size()
                    + " manifests; pull one of them by digest (a model version is a single manifest)");
        }
        List<Descriptor> blobs = new ArrayList<>();
        if (manifest.config() != null) {
            blobs.add(manifest.config());
        }
        blobs.addAll(manifest.layers());
        List<Digest> digests = new ArrayList<>(blobs.stream().map(Descriptor::parsedDigest).toList());
        digests.add(pulled.digest());
        cache.pin(pinOwner, digests);
        peers.holds(repository, digests);

        // Looked up once (a lookup stamps the blob's last use); pinned above, so a cached blob stays cached.
        long total = 0;
        long cached = 0;
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor d : blobs) {
            total += d.size();
            if (cache.find(d.parsedDigest()).isPresent()) {
                cached += d.size();
            } else {
                missing.add(d);
            }
        }
        listener.started(pulled.digest(), blobs.size(), total, cached);
        for (Descriptor d : blobs) {
            if (!missing.contains(d)) {
                listener.blobDone(d.parsedDigest(), d.size());
            }
        }
        peers.wants(repository, missing.stream().map(d -> new PeerNetwork.BlobSize(d.parsedDigest(), d.size())).toList());
        fetchAll(repository, missing, new SeedOrder(pulled.digest(), blobs), listener);
        peers.complete(repository, blobs.stream().map(d -> new PeerNetwork.BlobSize(d.parsedDigest(), d.size())).toList());
        // The manifest goes in last: a version whose manifest is cached has all its blobs.
        cache.put(pulled.digest(), new ByteArrayInputStream(pulled.bytes()));
        return new PulledVersion(repository, pulled.digest(), manifest, total, total - cached, cached);
    }

    /**
     * Several blobs at once: a blob no larger than one chunk is a single stream, so a model of many such shards
     * would otherwise crawl one stream at a time. The first failure cancels the rest (verified chunks are kept).
     */
    private void fetchAll(RepositoryName repository, List<Descriptor> blobs, SeedOrder order, PullListener listener)
            throws IOException, InterruptedException {
        int blobsAtOnce = peers == PeerNetwork.NONE ? blobConcurrency : Math.max(blobConcurrency, SWARM_BLOB_CONCURRENCY);
        Semaphore slots = new Semaphore(blobsAtOnce);
        long large = blobs.stream().filter(d -> d.size() > SMALL_BLOB).count();
        int streams = (int) Math.max(1, engine.parallelism() / Math.max(1, Math.min(blobsAtOnce, large)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> running = new ArrayList<>();
            for (Descriptor d : blobs) {
                running.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        fetch(repository, d, streams, order, listener);
                        return null;
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    running.forEach(r -> r.cancel(true));
                    switch (e.getCause()) {
                        case IOException io -> throw io;
                        case InterruptedException ie -> throw ie;
                        case RuntimeException re -> throw re;
                        default -> throw new PullFailed("pulling " + repository + " failed: " + e.getCause(), e.getCause());
                    }
                }
            }
        }
    }

    private void fetch(RepositoryName repository, Descriptor d, int streams, SeedOrder order, PullListener listener)
            throws IOException, InterruptedException {
        Digest digest = d.parsedDigest();
        if (d.size() <= SMALL_BLOB) {
            try (InputStream in = registry.openBlob(repository, digest, 0, d.size())) {
                cache.put(digest, in);
            }
            listener.verified(digest, "registry", d.size());
        } else {
            ChunkIndex index = trustedChunkIndex(repository, d, listener);
            FetchListener progress = new FetchListener() {
                @Override
                public void chunkVerified(Digest blob, int chunk, String source, long bytes) {
                    listener.verified(blob, source, bytes);
                }

                @Override
                public void sourceRejected(Digest blob, int chunk, String source, String reason) {
                    listener.rejected(blob, source, reason);
                }
            };
            // Peers only with a chunk index: each of their chunks is then verified before it is written into place.
            Optional<PeerSwarm> swarm = index == null ? Optional.empty()
                    : peers.join(repository, digest, d.size(), index.chunks().size(), order.base(d, index.chunkSize()));
            try {
                engine.fetch(digest, d.size(), index, sources.apply(repository), swarm.orElse(null), progress, streams);
                swarm.ifPresent(s -> s.finished(true));
            } finally {
                swarm.ifPresent(PeerSwarm::close);
            }
        }
        listener.blobDone(digest, d.size());
    }

    /**
     * The chunk index to verify chunks against. When the layer carries a chunk list digest (under the manifest's
     * signature) for the index's chunk size, the index must match it: one that does not is refused and reported,
     * and the blob is then verified by its whole digest alone (null). Without the annotation, or for another
     * chunk size, the registry's index is used as it is.
     */
    private ChunkIndex trustedChunkIndex(RepositoryName repository, Descriptor layer, PullListener listener) throws IOException {
        Digest digest = layer.parsedDigest();
        ChunkIndex index = chunkIndex(repository, digest);
        Optional<ChunkListDigest> signed = ChunkListDigest.from(layer);
        if (index == null || signed.isEmpty() || signed.get().chunkSize() != index.chunkSize()) {
            return index;
        }
        ChunkListDigest served = ChunkListDigest.of(index);
        if (served.equals(signed.get()) && index.digest().equals(digest) && index.size() == layer.size()) {
            return index;
        }
        listener.rejected(digest, CHUNK_INDEX_SOURCE, "the registry's chunk index has chunk list " + served.digest()
                + " but the manifest says " + signed.get().digest() + "; verifying the blob by its digest alone");
        return null;
    }

    /** The registry's chunk index, or null from a registry that has none (any non-Lading registry). */
    private ChunkIndex chunkIndex(RepositoryName repository, Digest digest) throws IOException {
        try {
            return registry.chunkIndex(repository, digest);
        } catch (RegistryException e) {
            if (e.status() == 404 || e.status() == 405) {
                return null;
            }
            throw e;
        }
    }
}
