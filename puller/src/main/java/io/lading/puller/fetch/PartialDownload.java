package io.lading.puller.fetch;

import io.lading.puller.cache.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A download in progress, in {@code CacheLayout.partial(digest)}:
 *
 * <pre>
 * plan       size and chunk size; a resume with another cut starts over
 * data       the blob's bytes, written at their offsets by several streams at once
 * verified   append-only record of finished chunk numbers ({@link VerifiedRecord}); a chunk is recorded only
 *            after its bytes are fsynced, so after a SIGKILL or power cut it is on disk as recorded; checked
 *            against the index on arrival only when the plan says so (peers), else by the whole digest
 * lock       held while a process works on the download
 * </pre>
 */
final class PartialDownload implements AutoCloseable {
    /** One process-wide lock per download: file locks do not exclude threads of the same JVM. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock threadLock;
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private final FileChannel data;
    private final VerifiedRecord record;

    private PartialDownload(Path dir, ReentrantLock threadLock, FileChannel lockChannel, FileLock processLock,
                            FileChannel data, VerifiedRecord record) {
        this.dir = dir;
        this.threadLock = threadLock;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
        this.data = data;
        this.record = record;
    }

    /**
     * Opens or resumes the download, waiting while another thread or process holds it; {@code chunksChecked} as
     * {@link ChunkPlan#shape(boolean)} says.
     */
    static PartialDownload open(Path dir, ChunkPlan plan, boolean chunksChecked) throws IOException {
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        threadLock.lock();
        FileChannel lockChannel = null;
        try {
            FileLock processLock;
            do {
                if (lockChannel != null) {
                    lockChannel.close();
                }
                Files.createDirectories(dir);
                lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                processLock = lockChannel.lock();
                // The process we waited for may have finished and removed the directory, lock file included.
            } while (!Files.exists(dir.resolve("lock")));
            Path planFile = dir.resolve("plan");
            byte[] shape = plan.shape(chunksChecked).getBytes(StandardCharsets.UTF_8);
            boolean sameCut = Files.exists(planFile) && Arrays.equals(Files.readAllBytes(planFile), shape);
            if (!sameCut) {
                Files.deleteIfExists(dir.resolve("verified"));
                Files.deleteIfExists(dir.resolve("data"));
                DurableFiles.writeAtomically(planFile, shape);
            }
            FileChannel data = FileChannel.open(dir.resolve("data"),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            VerifiedRecord record = VerifiedRecord.open(dir.resolve("verified"), data, plan.count());
            return new PartialDownload(dir, threadLock, lockChannel, processLock, data, record);
        } catch (IOException | RuntimeException e) {
            if (lockChannel != null) {
                lockChannel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    FileChannel data() {
        return data;
    }

    Path dataFile() {
        return dir.resolve("data");
    }

    /** The chunks recorded as durable when the download was opened (or since). */
    BitSet verified() {
        return record.durable();
    }

    /** Records a chunk whose bytes are written: in the background, once an fsync has made them durable. */
    void recordVerified(int chunk) throws IOException {
        record.add(chunk);
    }

    /** Removes the download's directory; called once its blob is admitted, or when its bytes are useless. */
    void delete() throws IOException {
        record.close();
        data.close();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            record.close(); // first: it commits queued chunks, which needs the data file open
            data.close();
            if (processLock.isValid()) {
                processLock.release();
            }
            lockChannel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
