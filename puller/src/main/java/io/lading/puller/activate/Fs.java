package io.lading.puller.activate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The few file-system steps that activation's crash safety rests on, each done one way. */
final class Fs {
    private Fs() {
    }

    /**
     * Makes a directory's entries (new links, renames) durable. Linux lets a directory be opened read-only
     * and fsynced; without it a power loss after a rename can bring back the old name.
     */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Replaces {@code target} with {@code source} in one rename: readers see the old entry or the new. */
    static void renameOver(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Removes a directory tree left by an interrupted build. It holds only hard links into the cache, so
     * deleting it frees nothing and touches no blob. Symlinks are removed, never followed.
     */
    static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    deleteTree(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /** Entries of {@code dir} whose name starts with {@code prefix}; none when the directory is absent. */
    static List<Path> entriesStartingWith(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
            List<Path> out = new ArrayList<>();
            entries.forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
