package io.lading.puller.cache;

/** The budget cannot fit a new blob even after evicting everything that may be evicted. */
public final class CacheFull extends CacheFailure {

    public CacheFull(long wanted, CacheUsage usage) {
        super("cache budget of " + usage.budgetBytes() + " bytes cannot fit " + wanted + " more: " + usage.usedBytes()
                + " bytes are in use, of which " + usage.pinnedBytes()
                + " are pinned by current, previous or prefetched versions and " + usage.linkedBytes()
                + " are still linked from version directories, and " + usage.reservedBytes()
                + " are reserved for downloads in progress; raise the budget or unpin a version", null);
    }
}
