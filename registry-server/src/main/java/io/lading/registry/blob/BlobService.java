package io.lading.registry.blob;

import io.lading.registry.db.BlobDao;
import io.lading.registry.db.Database;
import io.lading.registry.db.RepositoryDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.storage.BlobStore;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Reading and unlinking blobs, always through a repository that holds them. */
public final class BlobService {
    private final Database db;
    private final RepositoryDao repositories;
    private final BlobDao blobs;
    private final BlobStore store;

    public BlobService(Database db, RepositoryDao repositories, BlobDao blobs, BlobStore store) {
        this.db = db;
        this.repositories = repositories;
        this.blobs = blobs;
        this.store = store;
    }

    /** The blob's size; BlobUnknown unless the repository holds it. */
    public long size(RepositoryName repository, Digest digest) {
        return db.transaction(tx -> repositories.findId(tx, repository).flatMap(id -> blobs.sizeInRepository(tx, id, digest)))
                .orElseThrow(() -> new RegistryFailure.BlobUnknown(repository.value(), digest));
    }

    /** Opens a blob's content; call {@link #size} first, which checks the repository holds it. */
    public SeekableByteChannel open(RepositoryName repository, Digest digest) {
        try {
            return store.open(digest);
        } catch (NoSuchFileException e) {
            throw new RegistryFailure.BlobUnknown(repository.value(), digest);
        } catch (IOException e) {
            throw new UncheckedIOException("reading blob " + digest + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes the blob from the repository; the content stays for other repositories until garbage collection. */
    public void delete(RepositoryName repository, Digest digest) {
        boolean removed = db.transaction(tx -> repositories.findId(tx, repository).map(id -> blobs.unlink(tx, id, digest)).orElse(false));
        if (!removed) {
            throw new RegistryFailure.BlobUnknown(repository.value(), digest);
        }
    }

    /**
     * The chunk index of a blob, if a repository the caller may pull holds it; otherwise BlobUnknown,
     * so the index never confirms that content exists to someone who could not read it.
     */
    public ChunkIndex chunkIndex(Digest digest, Predicate<RepositoryName> mayPull) {
        var row = db.transaction(tx -> blobs.holders(tx, digest).stream().map(RepositoryName::parse).anyMatch(mayPull)
                        ? blobs.find(tx, digest) : java.util.Optional.<BlobDao.BlobRow>empty())
                .orElseThrow(() -> new RegistryFailure.BlobUnknown("any repository you may pull", digest));
        byte[] all = row.chunkDigests();
        List<Digest> chunks = new ArrayList<>(all.length / 32);
        for (int i = 0; i < all.length; i += 32) {
            chunks.add(Digest.of(DigestAlgorithm.SHA256, Arrays.copyOfRange(all, i, i + 32)));
        }
        return new ChunkIndex(digest, row.size(), row.chunkSize(), chunks);
    }
}
