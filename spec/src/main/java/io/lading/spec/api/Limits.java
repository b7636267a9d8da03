package io.lading.spec.api;

/** Limits of the wire contract, each with the reason it has the value it has. */
public final class Limits {
    /** The distribution spec expects registries to accept manifests of at least 4 MiB; we accept exactly that much. */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    /**
     * Chunk size of the chunk index: big enough that a 500 GB model has under 8000 chunks to track,
     * small enough that a chunk crosses a 10 Gbit/s LAN link in well under a second.
     */
    public static final long DEFAULT_CHUNK_SIZE = 64L * 1024 * 1024;
    /** Page size of tag and catalog listings when the client gives no {@code n}. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /** A client may ask for larger pages, but not more than this, to bound one response. */
    public static final int MAX_PAGE_SIZE = 10_000;

    private Limits() {
    }
}
