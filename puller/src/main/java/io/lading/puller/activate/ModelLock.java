package io.lading.puller.activate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One activation per model at a time, across processes (the daemon and an operator's {@code lading
 * activate}) and across threads of one process. A {@link FileLock} alone is per process (a second lock of
 * the same file in one JVM throws), so an in-process lock per file guards it. The OS drops the file lock
 * when a process dies, so a crash never leaves a model locked.
 */
final class ModelLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private ModelLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits until this process holds the model's lock. */
    static ModelLock acquire(ModelDir model) throws IOException {
        ReentrantLock threadLock = threadLock(model);
        threadLock.lock();
        return lockFile(model, threadLock, true).orElseThrow();
    }

    /** The lock if nobody holds it now; empty otherwise (recovery skips a model that is being changed). */
    static Optional<ModelLock> tryAcquire(ModelDir model) throws IOException {
        ReentrantLock threadLock = threadLock(model);
        if (!threadLock.tryLock()) {
            return Optional.empty();
        }
        return lockFile(model, threadLock, false);
    }

    private static ReentrantLock threadLock(ModelDir model) {
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(model.lockFile(), p -> new ReentrantLock());
        if (lock.isHeldByCurrentThread()) {
            // The file lock cannot be taken twice by one process, so re-entering is a bug in the caller.
            throw new IllegalStateException("this thread holds the lock of " + model.name() + " already");
        }
        return lock;
    }

    private static Optional<ModelLock> lockFile(ModelDir model, ReentrantLock threadLock, boolean wait) throws IOException {
        FileChannel channel = null;
        try {
            Files.createDirectories(model.dir());
            channel = FileChannel.open(model.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock == null) {
                channel.close();
                threadLock.unlock();
                return Optional.empty();
            }
            return Optional.of(new ModelLock(threadLock, channel, lock));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
