package io.lading.registry.storage;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Blobs as files, one per digest:
 * <pre>
 * &lt;root&gt;/sha256/ab/abcdef...   verified content, never modified after the rename that placed it
 * &lt;root&gt;/sha512/12/1234...
 * </pre>
 * Files arrive by rename from the same filesystem (the upload area lives beside this root), which is
 * atomic on POSIX, so a reader sees a whole blob or none.
 */
public final class FilesystemBlobStore implements BlobStore {
    private final Path root;

    public FilesystemBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    Path pathOf(Digest digest) {
        // Digest has been validated (algorithm id and lower-case hex), so this cannot escape root.
        return root.resolve(digest.relativePath());
    }

    @Override
    public OptionalLong size(Digest digest) throws IOException {
        try {
            return OptionalLong.of(Files.size(pathOf(digest)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public SeekableByteChannel open(Digest digest) throws IOException {
        return FileChannel.open(pathOf(digest), StandardOpenOption.READ);
    }

    @Override
    public void publish(Digest digest, Path verifiedFile) throws IOException {
        Path target = pathOf(digest);
        Path dir = Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.deleteIfExists(verifiedFile);
            return;
        }
        try {
            Files.move(verifiedFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("upload area and blob store must be on one filesystem so a blob appears atomically: "
                    + verifiedFile + " -> " + target, e);
        }
        syncDirectory(dir);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(pathOf(digest));
    }

    /** Makes the rename itself durable: without this a crash can lose a blob the database already lists. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
