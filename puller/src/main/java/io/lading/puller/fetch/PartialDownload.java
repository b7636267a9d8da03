package io.lading.puller.fetch;

import io.lading.puller.cache.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * verified   append-only record of finished chunk numbers (4 bytes each, big-endian); a chunk is recorded
 *            only after its bytes are fsynced, so after a SIGKILL or power cut it is on disk as recorded
 * lock       held while a process works on the download
 * </pre>
 */
final class PartialDownload implements AutoCloseable {
    private static final int RECORD_BYTES = Integer.BYTES;
    /** One process-wide lock per download: file locks do not exclude threads of the same JVM. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock threadLock;
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private final FileChannel data;
    private final FileChannel record;
    private final BitSet verified;

    private PartialDownload(Path dir, ReentrantLock threadLock, FileChannel lockChannel, FileLock processLock,
                            FileChannel data, FileChannel record, BitSet verified) {
        this.dir = dir;
        this.threadLock = threadLock;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
        this.data = data;
        this.record = record;
        this.verified = verified;
    }

    /** Opens or resumes the download, waiting while another thread or process holds it. */
    static PartialDownload open(Path dir, ChunkPlan plan) throws IOException {
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
            byte[] shape = plan.shape().getBytes(StandardCharsets.UTF_8);
            boolean sameCut = Files.exists(planFile) && Arrays.equals(Files.readAllBytes(planFile), shape);
            if (!sameCut) {
                Files.deleteIfExists(dir.resolve("verified"));
                Files.deleteIfExists(dir.resolve("data"));
                DurableFiles.writeAtomically(planFile, shape);
            }
            FileChannel data = FileChannel.open(dir.resolve("data"),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileChannel record = FileChannel.open(dir.resolve("verified"),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BitSet verified = readRecord(record, plan.count());
            return new PartialDownload(dir, threadLock, lockChannel, processLock, data, record, verified);
        } catch (IOException | RuntimeException e) {
            if (lockChannel != null) {
                lockChannel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    /** Reads whole records; a torn last record (killed mid-append) is cut off so appends stay aligned. */
    private static BitSet readRecord(FileChannel record, int chunks) throws IOException {
        long whole = record.size() / RECORD_BYTES * RECORD_BYTES;
        record.truncate(whole);
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(whole));
        while (buffer.hasRemaining() && record.read(buffer, buffer.position()) >= 0) {
            // positional reads until the record is in memory: a few bytes per chunk
        }
        buffer.flip();
        BitSet verified = new BitSet(chunks);
        while (buffer.remaining() >= RECORD_BYTES) {
            int chunk = buffer.getInt();
            if (chunk >= 0 && chunk < chunks) {
                verified.set(chunk);
            }
        }
        record.position(whole);
        return verified;
    }

    FileChannel data() {
        return data;
    }

    Path dataFile() {
        return dir.resolve("data");
    }

    synchronized BitSet verified() {
        return (BitSet) verified.clone();
    }

    /** Makes the chunk's bytes durable, then records it: a recorded chunk is always on disk. */
    synchronized void recordVerified(int chunk) throws IOException {
        data.force(false);
        ByteBuffer entry = ByteBuffer.allocate(RECORD_BYTES).putInt(chunk).flip();
        while (entry.hasRemaining()) {
            record.write(entry);
        }
        record.force(false);
        verified.set(chunk);
    }

    /** Removes the download's directory; called once its blob is admitted, or when its bytes are useless. */
    void delete() throws IOException {
        data.close();
        record.close();
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
            data.close();
            record.close();
            if (processLock.isValid()) {
                processLock.release();
            }
            lockChannel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
