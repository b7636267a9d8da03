package io.lading.puller.fetch;

import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A blob of seeded random bytes on disk, with its digest and chunk index, for fetch and cache tests. */
public record TestBlob(Path file, Digest digest, long size, ChunkIndex index) {
    private static final int WRITE_BUFFER = 64 * 1024;

    public static TestBlob write(Path file, long size, long chunkSize, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[WRITE_BUFFER];
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
        return describe(file, chunkSize);
    }

    /** Describes a blob file already on disk, hashing it as the registry does when it computes the index. */
    public static TestBlob describe(Path file, long chunkSize) throws IOException {
        MessageDigest whole = DigestAlgorithm.SHA256.newMessageDigest();
        List<Digest> chunks = new ArrayList<>();
        long size = Files.size(file);
        byte[] buffer = new byte[WRITE_BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (long chunkStart = 0; chunkStart < size; chunkStart += chunkSize) {
                MessageDigest chunk = DigestAlgorithm.SHA256.newMessageDigest();
                for (long left = Math.min(chunkSize, size - chunkStart); left > 0; ) {
                    int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
                    chunk.update(buffer, 0, n);
                    whole.update(buffer, 0, n);
                    left -= n;
                }
                chunks.add(Digest.of(DigestAlgorithm.SHA256, chunk.digest()));
            }
        }
        Digest digest = Digest.of(DigestAlgorithm.SHA256, whole.digest());
        return new TestBlob(file, digest, size, new ChunkIndex(digest, size, chunkSize, chunks));
    }

    public static TestBlob of(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Digest digest = Digest.sha256Of(content);
        return new TestBlob(file, digest, content.length,
                new ChunkIndex(digest, content.length, Math.max(1, content.length), content.length == 0
                        ? List.of() : List.of(digest)));
    }

    public long chunkSize() {
        return index.chunkSize();
    }

    public int chunkCount() {
        return index.chunks().size();
    }
}
