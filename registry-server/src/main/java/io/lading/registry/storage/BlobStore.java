package io.lading.registry.storage;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Content-addressed storage of verified blobs. The only seam between the registry and where bytes
 * live (the filesystem today, S3-compatible storage later); every implementation passes BlobStoreContract.
 * Nothing in a store is ever partial: content appears under its digest whole, or not at all.
 */
public interface BlobStore {

    /** The stored size, or empty if the store does not hold the digest. */
    OptionalLong size(Digest digest) throws IOException;

    /** Opens the blob for reading; throws {@link java.nio.file.NoSuchFileException} if it is absent. */
    SeekableByteChannel open(Digest digest) throws IOException;

    /**
     * Moves a file whose content the caller has verified to be {@code digest} and has synced to disk
     * into the store, atomically. If the store already holds the digest, that counts as success and the
     * file is removed.
     */
    void publish(Digest digest, Path verifiedFile) throws IOException;

    /** Removes the blob; true if it was there. Only the garbage collector may call this. */
    boolean delete(Digest digest) throws IOException;
}
