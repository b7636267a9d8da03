package io.lading.puller.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only record of a partial download's finished chunks (4-byte big-endian chunk numbers). A chunk
 * is recorded only after the data file is fsynced, so every recorded chunk is on disk as recorded.
 *
 * <p>Commits are grouped on a committer thread: one fdatasync of the data file covers every chunk finished
 * since the last one, and the streams go on to their next chunk instead of waiting for the disk. With one
 * stream and 64 MiB chunks, waiting for each fsync cost about as much as the transfer itself.
 */
final class VerifiedRecord implements AutoCloseable {
    private static final int ENTRY_BYTES = Integer.BYTES;

    private final FileChannel data;
    private final FileChannel file;
    private final BitSet durable;
    private final List<Integer> pending = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread committer;
    private boolean closing;
    private IOException failure;

    private VerifiedRecord(FileChannel data, FileChannel file, BitSet durable) {
        this.data = data;
        this.file = file;
        this.durable = durable;
        this.committer = Thread.ofVirtual().name("chunk-record").start(this::commitLoop);
    }

    /** Opens the record; a torn last entry (killed mid-append) is cut off so appends stay aligned. */
    static VerifiedRecord open(Path path, FileChannel data, int chunks) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long whole = file.size() / ENTRY_BYTES * ENTRY_BYTES;
        file.truncate(whole);
        ByteBuffer entries = ByteBuffer.allocate(Math.toIntExact(whole));
        while (entries.hasRemaining() && file.read(entries, entries.position()) >= 0) {
            // a few bytes per chunk: read it all
        }
        entries.flip();
        BitSet durable = new BitSet(chunks);
        while (entries.remaining() >= ENTRY_BYTES) {
            int chunk = entries.getInt();
            if (chunk >= 0 && chunk < chunks) {
                durable.set(chunk);
            }
        }
        file.position(whole);
        return new VerifiedRecord(data, file, durable);
    }

    BitSet durable() {
        lock.lock();
        try {
            return (BitSet) durable.clone();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a chunk whose bytes are written; it is recorded once they are fsynced. */
    void add(int chunk) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            pending.add(chunk);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void commitLoop() {
        while (true) {
            List<Integer> batch;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    changed.awaitUninterruptibly();
                }
                if (pending.isEmpty() || failure != null) {
                    return;
                }
                batch = List.copyOf(pending);
                pending.clear();
            } finally {
                lock.unlock();
            }
            IOException error = commit(batch);
            lock.lock();
            try {
                if (error != null) {
                    failure = error;
                } else {
                    batch.forEach(durable::set);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private IOException commit(List<Integer> batch) {
        try {
            data.force(false);
            ByteBuffer entries = ByteBuffer.allocate(batch.size() * ENTRY_BYTES);
            batch.forEach(entries::putInt);
            entries.flip();
            while (entries.hasRemaining()) {
                file.write(entries);
            }
            file.force(false);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Commits what is queued, stops the committer, and reports a commit that failed. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        joinCommitter();
        file.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits out the last commit even when interrupted: leaving it half done would only cost a resume. */
    private void joinCommitter() {
        boolean interrupted = false;
        while (true) {
            try {
                committer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
