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
 * Puts a blob into the cache from untrusted sources: verified chunk by chunk against the registry's chunk
 * index, and as a whole against its digest, before it appears under that digest. Downloads survive a crash
 * at any instant and resume with only the chunks not yet verified. See {@link PartialDownload} for the
 * on-disk form and {@link BlobDownload} for how chunks are spread over sources.
 */
public final class FetchEngine {
    private final BlobCache cache;
    private final FetchSettings settings;
    private final Bandwidth bandwidth;
    private final FetchStats stats = new FetchStats();

    public FetchEngine(BlobCache cache, FetchSettings settings) {
        this.cache = cache;
        this.settings = settings;
        this.bandwidth = new Bandwidth(settings.bytesPerSecond());
        HashWarmup.start();
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
        Optional<Path> cached = cache.find(digest);
        if (cached.isPresent()) {
            stats.servedFromCache();
            return cached.get();
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("blob " + digest + " is not cached and no source was given to fetch it");
        }
        ChunkPlan plan = ChunkPlan.of(digest, size, index, settings.fallbackChunkSize());
        try (BlobCache.Reservation room = cache.reserve(size);
             PartialDownload partial = PartialDownload.open(cache.layout().partial(digest), plan)) {
            cached = cache.find(digest);
            if (cached.isPresent()) { // another thread or process finished it while we waited for the lock
                partial.delete();
                stats.servedFromCache();
                return cached.get();
            }
            Digest actual = download(plan, partial, sources, listener);
            if (!actual.equals(digest)) {
                partial.delete();
                throw new DigestMismatch(digest, actual, "fetched from " + sourceNames(sources));
            }
            partial.data().force(true);
            Path blob = cache.admit(digest, partial.dataFile());
            partial.delete();
            stats.fetched();
            return blob;
        }
    }

    private Digest download(ChunkPlan plan, PartialDownload partial, List<BlobSource> sources,
                            FetchListener listener) throws IOException, InterruptedException {
        try {
            return new BlobDownload(plan, partial, sources, settings, bandwidth, stats, listener).run();
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
