package io.lading.puller.client.push;

import io.lading.spec.digest.Digest;
import io.lading.spec.api.Limits;
import io.lading.spec.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A directory of shard files to push: its regular files, sorted by name (subdirectories are not part of
 * a model version here), each hashed by streaming it through a 1 MiB buffer, never loading it whole.
 */
public final class ModelDirectory {
    private static final int BUFFER_BYTES = 1 << 20;

    private ModelDirectory() {
    }

    /** The regular files of {@code dir}, sorted by name; fails with a clear message when there are none. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        if (files.isEmpty()) {
            throw new IOException(dir + " holds no regular files to push");
        }
        return files;
    }

    /** Hashes one file with the default chunk size; see {@link #hash(Path, long, LongConsumer)}. */
    public static ShardFile hash(Path file, LongConsumer progress) throws IOException {
        return hash(file, Limits.DEFAULT_CHUNK_SIZE, progress);
    }

    /**
     * Hashes one file as it streams, reporting bytes read, and describes it as a layer; the same pass
     * computes its chunk list digest for chunks of {@code chunkSize} bytes.
     */
    public static ShardFile hash(Path file, long chunkSize, LongConsumer progress) throws IOException {
        MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();
        ChunkListHasher chunks = new ChunkListHasher(chunkSize);
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                chunks.update(buffer, 0, n);
                size += n;
                progress.accept(n);
            }
        }
        String title = file.getFileName().toString();
        return new ShardFile(file, title, size, Digest.of(DigestAlgorithm.SHA256, sha256.digest()), ModelPackTypes.layerType(title),
                chunks.finish());
    }
}
