package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's verified blobs under {@link CacheLayout#blob}: stored once, read-only, shared by every version
 * of every model through hard links. Nothing enters without its digest checked; a blob appears under its
 * digest only through an atomic rename of an fsynced file, so a crash never exposes a partial one.
 *
 * <p>A budget bounds the bytes kept. Eviction removes the least recently used blobs that are not pinned
 * (needed by a model's {@code current} or {@code previous} version, or pinned explicitly by a prefetch) and
 * not hard-linked from a version directory, since unlinking those would free nothing.
 */
public final class BlobCache {
    /** Small blobs (manifests, configs) only pass through {@link #put}; large ones use the fetch engine. */
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final CacheLayout layout;
    private final long budgetBytes;
    private final PinStore explicitPins;
    private final ActiveVersions activeVersions;
    private final BlobInventory inventory;
    private final Leftovers leftovers;
    /** Room held for downloads in progress; in memory only, since a restart restarts the downloads. */
    private final Set<Reservation> reserved = new HashSet<>();

    public BlobCache(CacheLayout layout, long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("cache budget must be positive, got " + budgetBytes + " bytes");
        }
        this.layout = layout;
        this.budgetBytes = budgetBytes;
        this.explicitPins = new PinStore(layout.pins());
        this.activeVersions = new ActiveVersions(layout.models());
        this.inventory = new BlobInventory(layout.blobs());
        this.leftovers = new Leftovers(layout);
    }

    public CacheLayout layout() {
        return layout;
    }

    /** The verified blob, if cached; a hit counts as a use for LRU eviction. */
    public Optional<Path> find(Digest digest) {
        Path blob = layout.blob(digest);
        try {
            DurableFiles.stampUse(blob);
        } catch (NoSuchFileException notCached) {
            return Optional.empty();
        } catch (IOException e) {
            // The blob is there; losing one recency stamp only makes it look older to eviction.
        }
        return Optional.of(blob);
    }

    /**
     * Publishes a file whose bytes the caller has verified against {@code digest}: fsync, read-only, atomic
     * rename into place. The file must be on the cache's filesystem. An existing blob counts as success (the
     * bytes are the same by construction) and the file is then deleted.
     */
    public Path admit(Digest digest, Path verifiedFile) throws IOException {
        Path blob = layout.blob(digest);
        if (Files.exists(blob)) {
            Files.deleteIfExists(verifiedFile);
            DurableFiles.stampUse(blob);
            return blob;
        }
        try {
            DurableFiles.fsync(verifiedFile);
            DurableFiles.makeReadOnly(verifiedFile);
            Files.createDirectories(blob.getParent());
            Files.move(verifiedFile, blob, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.fsyncDirectory(blob.getParent());
        } catch (IOException e) {
            throw DiskFull.rethrowIfNoSpace("admitting " + digest + " to the cache", e);
        }
        DurableFiles.stampUse(blob);
        return blob;
    }

    /** Stores a small blob from a stream: staged in {@code tmp/}, hashed while written, refused on mismatch. */
    public Path put(Digest digest, InputStream in) throws IOException {
        Files.createDirectories(layout.tmp());
        Path staged = Files.createTempFile(layout.tmp(), "put-", ".partial");
        try {
            MessageDigest hash = digest.algorithm().newMessageDigest();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(staged)) {
                byte[] buffer = new byte[COPY_BUFFER_BYTES];
                for (int n; (n = in.read(buffer)) != -1; size += n) {
                    hash.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            Digest actual = Digest.of(digest.algorithm(), hash.digest());
            if (!actual.equals(digest)) {
                throw new DigestMismatch(digest, actual, "stored from a stream of " + size + " bytes");
            }
            ensureRoom(size);
            return admit(digest, staged);
        } catch (IOException e) {
            throw DiskFull.rethrowIfNoSpace("storing " + digest + " in " + layout.tmp(), e);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** Keeps exactly {@code digests} for {@code owner} until {@link #unpin}; persisted, so restarts keep it. */
    public synchronized void pin(String owner, Collection<Digest> digests) throws IOException {
        explicitPins.pin(owner, digests);
    }

    public synchronized void unpin(String owner) throws IOException {
        explicitPins.unpin(owner);
    }

    /** The owners holding explicit pins now (persisted, so a restarted daemon can drop the ones it no longer needs). */
    public synchronized Set<String> pinOwners() throws IOException {
        return explicitPins.all().keySet();
    }

    /** Every pinned digest: explicit pins and the blobs of each model's current and previous version. */
    public synchronized Set<Digest> pinned() throws IOException {
        Set<Digest> pinned = new HashSet<>(activeVersions.needed());
        explicitPins.all().values().forEach(pinned::addAll);
        return pinned;
    }

    /**
     * Evicts least recently used, evictable blobs until {@code bytes} more fit in the budget next to what is
     * stored and reserved. Evicts nothing and throws {@link CacheFull} when even evicting every evictable blob
     * would not make enough room.
     */
    public synchronized Freed ensureRoom(long bytes) throws IOException {
        List<CachedBlob> blobs = list();
        CacheUsage usage = usageOf(blobs);
        long excess = usage.usedBytes() + usage.reservedBytes() + bytes - budgetBytes;
        if (excess <= 0) {
            return new Freed(0, 0);
        }
        if (excess > usage.evictableBytes()) {
            throw new CacheFull(bytes, usage);
        }
        return evict(blobs, excess);
    }

    /**
     * Makes room for a blob about to be downloaded and holds that room until the reservation is closed (after
     * the blob is admitted, or the download given up), so downloads running side by side cannot together
     * overshoot the budget.
     */
    public synchronized Reservation reserve(long bytes) throws IOException {
        ensureRoom(bytes);
        Reservation r = new Reservation(bytes);
        reserved.add(r);
        return r;
    }

    private synchronized void release(Reservation r) {
        reserved.remove(r);
    }

    /** Room held for one download; closing it gives the room back. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /**
     * Evicts every blob that is neither pinned nor linked from a version directory, and removes leftovers of
     * crashes: partial downloads of blobs already cached and stale staging files.
     */
    public synchronized Freed gc() throws IOException {
        long leftoverBytes = leftovers.sweep(); // first: it keys on blobs that eviction may be about to remove
        Freed blobs = evict(list(), Long.MAX_VALUE);
        return new Freed(blobs.blobs(), blobs.bytes() + leftoverBytes);
    }

    /** Removes evictable blobs, least recently used first, until {@code atLeast} bytes are freed. */
    private static Freed evict(List<CachedBlob> blobs, long atLeast) throws IOException {
        List<CachedBlob> oldestFirst = blobs.stream().filter(CachedBlob::evictable)
                .sorted(Comparator.comparing(CachedBlob::lastUsed).thenComparing(CachedBlob::digest)).toList();
        int count = 0;
        long freed = 0;
        for (CachedBlob b : oldestFirst) {
            if (freed >= atLeast) {
                break;
            }
            Files.deleteIfExists(b.path());
            count++;
            freed += b.size();
        }
        return new Freed(count, freed);
    }

    public synchronized CacheUsage usage() throws IOException {
        return usageOf(list());
    }

    public synchronized List<CachedBlob> list() throws IOException {
        return inventory.scan(pinned());
    }

    private CacheUsage usageOf(List<CachedBlob> blobs) {
        long used = 0;
        long pinned = 0;
        long linked = 0;
        long evictable = 0;
        for (CachedBlob b : blobs) {
            used += b.size();
            pinned += b.pinned() ? b.size() : 0;
            linked += !b.pinned() && b.linkedByVersion() ? b.size() : 0;
            evictable += b.evictable() ? b.size() : 0;
        }
        long reserving = reserved.stream().mapToLong(r -> r.bytes).sum();
        return new CacheUsage(budgetBytes, blobs.size(), used, reserving, pinned, linked, evictable);
    }
}
