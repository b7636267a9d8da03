package io.lading.puller.client.push;

import io.lading.puller.client.BlobBody;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RegistryException;
import io.lading.puller.client.UploadOutcome;
import io.lading.spec.api.Limits;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.chunk.ChunkListDigest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes a directory of shards as one ModelPack artifact: hash every file (streaming, in parallel), upload
 * the blobs the registry lacks ({@code concurrency} at a time, HEAD first so unchanged shards cost one
 * request), then the config blob, and last the manifest under the tag, so the tag never names a version
 * whose blobs are not all there.
 */
public final class ArtifactPusher {
    private final RegistryClient client;
    private final int concurrency;
    private final RepositoryName mountFrom;
    private final long chunkSize;

    /** Pushes with chunk list digests for the registry's default chunk size. */
    public ArtifactPusher(RegistryClient client, int concurrency, RepositoryName mountFrom) {
        this(client, concurrency, mountFrom, Limits.DEFAULT_CHUNK_SIZE);
    }

    /**
     * {@code mountFrom}, when not null, is a repository to mount missing blobs from before uploading them.
     * {@code chunkSize} should be the registry's {@code --chunk-size}: pullers use a layer's chunk list digest
     * only when it was made for the chunk size of the registry's index.
     */
    public ArtifactPusher(RegistryClient client, int concurrency, RepositoryName mountFrom, long chunkSize) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("--index-chunk-size must be at least 1, got " + chunkSize);
        }
        this.client = client;
        this.concurrency = concurrency;
        this.mountFrom = mountFrom;
        this.chunkSize = chunkSize;
    }

    public PushResult push(RepositoryName repository, Tag tag, Path dir, PushListener listener) throws IOException {
        List<Path> files = ModelDirectory.files(dir);
        client.authorizePush(repository);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, files.size()));
        try {
            listener.phase("hashing", totalSize(files));
            List<ShardFile> shards = all(pool, files.stream().map(f -> (Work<ShardFile>) () -> ModelDirectory.hash(f, chunkSize, listener::advance)).toList());
            listener.phaseDone();
            AtomicInteger uploaded = new AtomicInteger();
            AtomicLong bytes = new AtomicLong();
            listener.phase("pushing", shards.stream().mapToLong(ShardFile::size).sum());
            all(pool, shards.stream().map(s -> (Work<Void>) () -> {
                if (client.hasBlob(repository, s.digest())) {
                    listener.advance(s.size());
                    listener.blobDone(s, null);
                    return null;
                }
                UploadOutcome outcome = client.uploadBlob(repository, s.digest(), s.size(), BlobBody.of(s.path()), mountFrom, n -> {
                    bytes.addAndGet(n);
                    listener.advance(n);
                });
                if (outcome == UploadOutcome.UPLOADED) {
                    uploaded.incrementAndGet();
                } else {
                    listener.advance(s.size());
                }
                listener.blobDone(s, outcome);
                return null;
            }).toList());
            listener.phaseDone();
            all(pool, shards.stream().map(s -> (Work<Void>) () -> confirmChunkList(repository, s)).toList());
            ModelPackManifest artifact = ModelPackManifest.of(shards);
            if (!client.hasBlob(repository, artifact.configDigest()) && client.uploadBlob(repository, artifact.configDigest(),
                    artifact.config().length, BlobBody.of(artifact.config()), mountFrom, bytes::addAndGet) == UploadOutcome.UPLOADED) {
                uploaded.incrementAndGet();
            }
            var digest = client.putManifest(repository, tag.value(), artifact.manifest(), MediaTypes.OCI_MANIFEST);
            int skipped = shards.size() + 1 - uploaded.get();
            return new PushResult(repository + ":" + tag, digest, artifact.manifest().length, shards, uploaded.get(), skipped, bytes.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Before the chunk list goes under a signature, the registry's own index of the blob must agree with it
     * when both were cut at the same size: a disagreement means the registry (or something on the way) holds
     * other chunks than the file, and every puller would refuse its index. A registry without chunk indexes
     * (404), or one cutting another size, has nothing to compare.
     */
    private Void confirmChunkList(RepositoryName repository, ShardFile s) throws IOException {
        ChunkIndex index;
        try {
            index = client.chunkIndex(repository, s.digest());
        } catch (RegistryException e) {
            if (e.status() == 404 || e.status() == 405) {
                return null;
            }
            throw e;
        }
        if (index.chunkSize() == s.chunkList().chunkSize() && !ChunkListDigest.of(index).equals(s.chunkList())) {
            throw new IOException("the registry's chunk index of " + s.title() + " (" + s.digest()
                    + ") does not match the file's chunks; not publishing a manifest that signs them");
        }
        return null;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /** Runs every task on the pool and returns their results in order; the first failure fails the push. */
    private static <T> List<T> all(ExecutorService pool, List<Work<T>> work) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (Work<T> w : work) {
            futures.add(pool.submit(() -> {
                try {
                    return w.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("push interrupted");
        }
        return out;
    }

    private static long totalSize(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            total += java.nio.file.Files.size(f);
        }
        return total;
    }
}
