package io.lading.puller.cache;

/** The budget cannot fit a new blob even after evicting everything that may be evicted. */
public final class CacheFull extends CacheFailure {

    public CacheFull(long wanted, long budget, long used, long pinned, long linked) {
        super("cache budget of " + budget + " bytes cannot fit " + wanted + " more: " + used
                + " bytes are in use, of which " + pinned + " are pinned by current, previous or prefetched versions and "
                + linked + " are still linked from version directories; raise the budget or unpin a version", null);
    }
}
