package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hashes the whole blob while it downloads: as soon as every chunk before chunk {@code i} is done, chunk
 * {@code i} is read back (from the page cache, it was just written) and fed to the digest. Hashing thus
 * overlaps the transfer, and the blob's digest is ready moments after its last chunk arrives instead of
 * costing a second pass over the file.
 */
final class WholeDigestCursor {
    private final ChunkPlan plan;
    private final FileChannel data;
    private final MessageDigest hash;
    private final BitSet done;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private final Thread thread;
    private boolean abandoned;
    private IOException failure;

    WholeDigestCursor(ChunkPlan plan, FileChannel data, BitSet alreadyDone) {
        this.plan = plan;
        this.data = data;
        this.hash = plan.digest().algorithm().newMessageDigest();
        this.done = (BitSet) alreadyDone.clone();
        this.thread = Thread.ofVirtual().name("digest-" + plan.digest().hex().substring(0, 12)).start(this::run);
    }

    void chunkDone(int chunk) {
        lock.lock();
        try {
            done.set(chunk);
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops hashing: the download failed and its digest will never be asked for. */
    void abandon() {
        lock.lock();
        try {
            abandoned = true;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The whole blob's digest, once every chunk is done. */
    Digest await() throws IOException, InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return Digest.of(plan.digest().algorithm(), hash.digest());
    }

    private void run() {
        // Read into direct memory (a heap buffer would get a temporary direct one per read), hash from an array.
        ByteBuffer buffer = ByteBuffer.allocateDirect(ChunkTransfer.BUFFER_BYTES);
        byte[] bytes = new byte[ChunkTransfer.BUFFER_BYTES];
        try {
            for (int chunk = 0; chunk < plan.count(); chunk++) {
                if (!awaitChunk(chunk)) {
                    return;
                }
                hashRange(buffer, bytes, plan.offset(chunk), plan.length(chunk));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new IOException("hashing " + plan.digest() + " was interrupted", e);
        }
    }

    private boolean awaitChunk(int chunk) throws InterruptedException {
        lock.lock();
        try {
            while (!done.get(chunk) && !abandoned) {
                progressed.await();
            }
            return !abandoned;
        } finally {
            lock.unlock();
        }
    }

    private void hashRange(ByteBuffer buffer, byte[] bytes, long offset, long length) throws IOException {
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = data.read(buffer, position);
            if (n < 0) {
                throw new IOException("the partial data of " + plan.digest() + " ends at " + position
                        + ", before the end of a finished chunk at " + end);
            }
            buffer.flip().get(bytes, 0, n);
            hash.update(bytes, 0, n);
            position += n;
        }
    }
}
