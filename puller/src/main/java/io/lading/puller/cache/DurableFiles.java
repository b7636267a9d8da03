package io.lading.puller.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The few filesystem moves that make the cache crash safe: fsync a file, fsync the directory that names it,
 * publish with an atomic rename, and stamp use times. One place, so every writer does them the same way.
 */
public final class DurableFiles {
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    /** Use stamps strictly increase, so two hits within the clock's resolution still order for LRU. */
    private static final AtomicLong LAST_STAMP_MICROS = new AtomicLong();

    private DurableFiles() {
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Makes a rename or unlink in {@code dir} survive a power cut. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Writes a small file whole: a reader sees the old content or the new, never a mix. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path staged = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(staged, content);
            fsync(staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    public static void makeReadOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, READ_ONLY);
    }

    /** The inode's hard link count: more than one means a version directory shares the bytes. */
    public static int links(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:nlink");
    }

    /**
     * Records a use as the file's mtime: free to persist, survives restarts, and shared by every hard link of
     * the blob. The content never changes, so mtime has no other meaning for a cached blob.
     */
    public static void stampUse(Path file) throws IOException {
        Instant instant = Instant.now();
        long now = TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
        long stamp = LAST_STAMP_MICROS.updateAndGet(last -> Math.max(now, last + 1));
        Files.setLastModifiedTime(file, FileTime.from(stamp, TimeUnit.MICROSECONDS));
    }
}
