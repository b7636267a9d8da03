package io.lading.puller.fetch;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.DigestMismatch;
import io.lading.puller.cache.DiskFull;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Puts a blob into the cache from untrusted sources: verified as a whole against its digest before it appears
 * under that digest, and chunk by chunk against the registry's chunk index where a chunk comes from a peer or
 * the whole digest failed. Downloads survive a crash
 * at any instant and resume with only the chunks not yet verified. See {@link PartialDownload} for the
 * on-disk form and {@link BlobDownload} for how chunks are spread over sources.
 */
public final class FetchEngine {
    private final BlobCache cache;
    private final FetchSettings settings;
    private final Bandwidth bandwidth;
    private final FetchStats stats = new FetchStats();
    private final LiveDownloads live = new LiveDownloads();

    public FetchEngine(BlobCache cache, FetchSettings settings) {
        this.cache = cache;
        this.settings = settings;
        this.bandwidth = new Bandwidth(settings.bytesPerSecond());
        HashWarmup.start();
    }

    /** Chunk transfers at once for one blob, at most ({@link FetchSettings#parallelism()}). */
    public int parallelism() {
        return settings.parallelism();
    }

    public FetchStats stats() {
        return stats;
    }

    /**
     * Returns the cache path of the verified blob, fetching what is missing. {@code index} may be null when the
     * registry has none (a foreign registry): ranges are then verified only by the whole digest.
     *
     * @throws FetchFailed     no source could serve a chunk; verified chunks are kept for a resume
     * @throws DigestMismatch  the whole blob hashed to another digest; the partial download is discarded
     * @throws DiskFull        the disk filled up; the partial download is discarded to give the space back
     * @throws io.lading.puller.cache.CacheFull the budget cannot fit the blob
     */
    public Path fetch(Digest digest, long size, ChunkIndex index, List<BlobSource> sources, FetchListener listener)
            throws IOException, InterruptedException {
        return fetch(digest, size, index, sources, null, listener);
    }

    /**
     * As {@link #fetch(Digest, long, ChunkIndex, List, FetchListener)}, with LAN peers first when {@code swarm} is
     * given and the blob has a chunk index (issue 6): chunks come from peers or the first of {@code sources} (the
     * registry) as the swarm scheduler decides, and each verified chunk is served to peers at once. Without a
     * chunk index no peer is asked, since only the whole digest could then catch a peer's bad bytes.
     */
    public Path fetch(Digest digest, long size, ChunkIndex index, List<BlobSource> sources, PeerSwarm swarm,
                      FetchListener listener) throws IOException, InterruptedException {
        return fetch(digest, size, index, sources, swarm, listener, settings.parallelism());
    }

    /**
     * As {@link #fetch(Digest, long, ChunkIndex, List, PeerSwarm, FetchListener)} with {@code streams} chunk
     * transfers at once for this blob (at most {@link FetchSettings#parallelism()}): a puller fetching several
     * blobs at once gives each fewer, since one stream per blob writes each file in order and hashes it as it
     * arrives.
     */
    public Path fetch(Digest digest, long size, ChunkIndex index, List<BlobSource> sources, PeerSwarm swarm,
                      FetchListener listener, int streams) throws IOException, InterruptedException {
        Optional<Path> cached = cache.find(digest);
        if (cached.isPresent()) {
            stats.servedFromCache();
            return cached.get();
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("blob " + digest + " is not cached and no source was given to fetch it");
        }
        ChunkPlan plan = ChunkPlan.of(digest, size, index, settings.fallbackChunkSize());
        boolean withPeers = swarm != null && plan.verifiedPerChunk();
        try (BlobCache.Reservation room = cache.reserve(size);
             PartialDownload partial = PartialDownload.open(cache.layout().partial(digest), plan, withPeers)) {
            cached = cache.find(digest);
            if (cached.isPresent()) { // another thread or process finished it while we waited for the lock
                partial.delete();
                stats.servedFromCache();
                return cached.get();
            }
            LiveDownloads.Live served = withPeers ? live.register(digest, partial.dataFile(), plan, partial.verified()) : null;
            try {
                Digest actual = withPeers ? swarmDownload(plan, partial, sources.get(0), swarm, listener, served)
                        : download(plan, partial, sources, Math.max(1, Math.min(streams, settings.parallelism())), listener);
                if (!actual.equals(digest)) {
                    partial.delete();
                    throw new DigestMismatch(digest, actual, "fetched from " + sourceNames(sources)
                            + (withPeers ? " and peers" : ""));
                }
                partial.data().force(true);
                Path blob = cache.admit(digest, partial.dataFile());
                partial.delete();
                stats.fetched();
                return blob;
            } finally {
                if (served != null) {
                    live.remove(digest, served);
                }
            }
        }
    }

    /**
     * What of {@code digest} this host can serve to a peer: the verified blob from the cache, or the verified
     * chunks of a download in progress here; empty when neither.
     */
    public Optional<ServableBlob> servable(Digest digest) throws IOException {
        Optional<LiveDownloads.Live> downloading = live.find(digest);
        if (downloading.isPresent()) {
            LiveDownloads.Live l = downloading.get();
            return Optional.of(new ServableBlob(l.data(), l.plan().size(), false, l.plan().chunkSize(), l.chunks()));
        }
        Optional<Path> cached = cache.find(digest);
        if (cached.isPresent()) {
            return Optional.of(new ServableBlob(cached.get(), java.nio.file.Files.size(cached.get()), true, 1,
                    new java.util.BitSet()));
        }
        return Optional.empty();
    }

    private Digest swarmDownload(ChunkPlan plan, PartialDownload partial, BlobSource registry, PeerSwarm swarm,
                                 FetchListener listener, LiveDownloads.Live served) throws IOException, InterruptedException {
        try {
            return new SwarmDownload(plan, partial, registry, swarm, settings, bandwidth, stats, listener, served).run();
        } catch (BlobDownload.LocalWriteFailed e) {
            if (DiskFull.isNoSpace(e.io())) {
                partial.delete();
                throw new DiskFull("writing " + plan.digest() + " to " + partial.dataFile(), e.io());
            }
            throw e.io();
        }
    }

    private Digest download(ChunkPlan plan, PartialDownload partial, List<BlobSource> sources, int streams,
                            FetchListener listener) throws IOException, InterruptedException {
        try {
            return new BlobDownload(plan, partial, sources, streams, settings, bandwidth, stats, listener).run();
        } catch (BlobDownload.LocalWriteFailed e) {
            if (DiskFull.isNoSpace(e.io())) {
                partial.delete();
                throw new DiskFull("writing " + plan.digest() + " to " + partial.dataFile(), e.io());
            }
            throw e.io();
        }
    }

    private static List<String> sourceNames(List<BlobSource> sources) {
        return sources.stream().map(BlobSource::name).toList();
    }
}
