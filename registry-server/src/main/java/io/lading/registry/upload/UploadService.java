package io.lading.registry.upload;

import io.lading.registry.db.BlobDao;
import io.lading.registry.db.Database;
import io.lading.registry.db.RepositoryDao;
import io.lading.registry.db.UploadDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.registry.metrics.RegistryMetrics;
import io.lading.registry.storage.BlobStore;
import io.lading.registry.storage.UploadArea;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob uploads (distribution spec "pushing blobs"): sessions that take chunks in order, and finish only
 * when the bytes match the digest the client names. Stage, verify, sync, then publish by rename: a crash
 * at any point leaves at most an orphaned session, never a partial blob under a digest.
 */
public final class UploadService {
    private final Database db;
    private final RepositoryDao repositories;
    private final UploadDao uploads;
    private final BlobDao blobs;
    private final BlobStore store;
    private final UploadArea area;
    private final long chunkSize;
    private final RegistryMetrics metrics;
    /** Per-session lock and hash state; lost on restart and rebuilt from the data file when needed. */
    private final Map<UUID, SessionState> sessions = new ConcurrentHashMap<>();

    public UploadService(Database db, RepositoryDao repositories, UploadDao uploads, BlobDao blobs, BlobStore store,
                         UploadArea area, long chunkSize, RegistryMetrics metrics) {
        this.db = db;
        this.repositories = repositories;
        this.uploads = uploads;
        this.blobs = blobs;
        this.store = store;
        this.area = area;
        this.chunkSize = chunkSize;
        this.metrics = metrics;
    }

    /** A session and how many bytes it holds. */
    public record Upload(RepositoryName repository, UUID id, long committed) {
        public String location() {
            return "/v2/" + repository + "/blobs/uploads/" + id;
        }
    }

    /** The first byte the client may send next and the last byte held, as the spec's Range header wants. */
    public record StoredBlob(RepositoryName repository, Digest digest, long size) {
        public String location() {
            return "/v2/" + repository + "/blobs/" + digest;
        }
    }

    private static final class SessionState {
        final ReentrantLock lock = new ReentrantLock();
        BlobHasher hasher;
    }

    public Upload start(RepositoryName repository) {
        UUID id = UUID.randomUUID();
        try {
            area.create(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create upload area for " + id + ": " + e.getMessage(), e);
        }
        db.transaction(tx -> {
            uploads.insert(tx, id, repositories.ensure(tx, repository));
            return null;
        });
        metrics.uploadStarted();
        return new Upload(repository, id, 0);
    }

    public Upload status(RepositoryName repository, String id) {
        UUID uuid = parseId(id);
        return new Upload(repository, uuid, committed(repository, uuid));
    }

    /**
     * Appends a chunk. {@code firstByte} is the start of the client's Content-Range, if it sent one;
     * {@code length} its Content-Length, if known.
     */
    public Upload append(RepositoryName repository, String id, InputStream body, OptionalLong firstByte, OptionalLong length) {
        UUID uuid = parseId(id);
        return locked(uuid, state -> new Upload(repository, uuid, appendLocked(repository, uuid, state, body, firstByte, length)));
    }

    /** Appends the final chunk (possibly empty) and publishes the blob if it matches {@code expected}. */
    public StoredBlob finish(RepositoryName repository, String id, Digest expected, InputStream body, OptionalLong length) {
        UUID uuid = parseId(id);
        return locked(uuid, state -> {
            long size = appendLocked(repository, uuid, state, body, OptionalLong.empty(), length);
            return publish(repository, uuid, state.hasher, size, expected);
        });
    }

    /** A monolithic upload: POST with {@code ?digest=} and the whole blob as the body. */
    public StoredBlob uploadWhole(RepositoryName repository, Digest expected, InputStream body, OptionalLong length) {
        Upload session = start(repository);
        return finish(repository, session.id().toString(), expected, body, length);
    }

    public void cancel(RepositoryName repository, String id) {
        UUID uuid = parseId(id);
        locked(uuid, state -> {
            committed(repository, uuid);
            discard(uuid);
            return null;
        });
    }

    /** Links a blob that {@code from} holds into {@code repository}; empty if {@code from} does not hold it. */
    public Optional<StoredBlob> mount(RepositoryName repository, RepositoryName from, Digest digest) {
        return db.transaction(tx -> repositories.findId(tx, from)
                .flatMap(fromId -> blobs.sizeInRepository(tx, fromId, digest))
                .map(size -> {
                    blobs.link(tx, repositories.ensure(tx, repository), digest);
                    return new StoredBlob(repository, digest, size);
                }));
    }

    /**
     * Removes sessions idle for longer than {@code maxIdle}, with their data: clients that died mid-push
     * must not fill the disk. Returns how many were removed.
     */
    public int purgeIdle(Duration maxIdle) {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(maxIdle);
        int removed = 0;
        for (UUID id : db.transaction(tx -> uploads.idleSince(tx, cutoff))) {
            locked(id, state -> {
                discard(id);
                return null;
            });
            removed++;
        }
        return removed;
    }

    private long appendLocked(RepositoryName repository, UUID id, SessionState state, InputStream body,
                              OptionalLong firstByte, OptionalLong length) {
        long committed = committed(repository, id);
        if (firstByte.isPresent() && firstByte.getAsLong() != committed) {
            throw new RegistryFailure.UploadOutOfOrder(new Upload(repository, id, committed).location(), committed, firstByte.getAsLong());
        }
        var data = area.dataFile(id);
        try (FileChannel out = FileChannel.open(data, StandardOpenOption.WRITE)) {
            if (state.hasher == null || state.hasher.total() != committed) {
                state.hasher = BlobHasher.replay(data, committed, chunkSize);
            }
            out.position(committed);
            long written;
            try {
                written = BodyCopier.copy(body, out, state.hasher);
                if (length.isPresent() && written != length.getAsLong()) {
                    throw new RegistryFailure.SizeInvalid("Content-Length was " + length.getAsLong() + " but the body held "
                            + written + " bytes");
                }
            } catch (RuntimeException e) {
                // Roll the session back to its last committed byte, so the client can resume from Range.
                state.hasher = null;
                out.truncate(committed);
                throw e;
            }
            metrics.bytesReceived(written);
            if (written > 0 && !db.transaction(tx -> uploads.advance(tx, id, committed, committed + written))) {
                state.hasher = null;
                throw new RegistryFailure.UploadOutOfOrder(new Upload(repository, id, committed).location(), committed, committed);
            }
            return committed + written;
        } catch (IOException e) {
            throw new UncheckedIOException("upload " + id + " could not be written: " + e.getMessage(), e);
        }
    }

    private StoredBlob publish(RepositoryName repository, UUID id, BlobHasher hasher, long size, Digest expected) {
        var data = area.dataFile(id);
        try {
            Digest actual = expected.algorithm() == DigestAlgorithm.SHA256 ? hasher.sha256() : BlobHasher.digestOf(data, expected.algorithm());
            if (!actual.equals(expected)) {
                discard(id);
                throw new RegistryFailure.DigestInvalid("the uploaded " + size + " bytes have digest " + actual
                        + ", not " + expected + " as the client said; nothing was stored");
            }
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            store.publish(expected, data);
            var row = new BlobDao.BlobRow(expected, size, hasher.chunkSize(), hasher.chunkDigests());
            db.transaction(tx -> {
                blobs.insert(tx, row);
                blobs.link(tx, repositories.ensure(tx, repository), expected);
                uploads.delete(tx, id);
                return null;
            });
            area.remove(id);
            sessions.remove(id);
            metrics.uploadEnded();
            return new StoredBlob(repository, expected, size);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing " + expected + " failed: " + e.getMessage(), e);
        }
    }

    private long committed(RepositoryName repository, UUID id) {
        return db.transaction(tx -> repositories.findId(tx, repository).flatMap(repo -> uploads.committed(tx, id, repo)))
                .orElseThrow(() -> new RegistryFailure.BlobUploadUnknown(id.toString()));
    }

    private void discard(UUID id) {
        db.transaction(tx -> uploads.delete(tx, id));
        try {
            area.remove(id);
        } catch (IOException e) {
            throw new UncheckedIOException("removing upload " + id + " failed: " + e.getMessage(), e);
        }
        sessions.remove(id);
        metrics.uploadEnded();
    }

    private <T> T locked(UUID id, java.util.function.Function<SessionState, T> work) {
        SessionState state = sessions.computeIfAbsent(id, k -> new SessionState());
        state.lock.lock();
        try {
            return work.apply(state);
        } catch (RegistryFailure.BlobUploadUnknown e) {
            sessions.remove(id);
            throw e;
        } finally {
            state.lock.unlock();
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure.BlobUploadUnknown(id);
        }
    }
}
