package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hashes the whole blob while it downloads: as soon as every chunk before chunk {@code i} is done, chunk
 * {@code i} is read back (from the page cache, it was just written) and fed to the digest. Hashing thus
 * overlaps the transfer, and the blob's digest is ready moments after its last chunk arrives instead of
 * costing a second pass over the file.
 *
 * <p>A stream about to fetch exactly the next chunk to hash may {@link #claim} it and hash its bytes as they
 * arrive: a blob fetched by one stream in order is then never read back. The stream hashes into a copy of the
 * digest, which replaces the digest only when the whole chunk arrived, so a transfer that breaks off midway
 * leaves the digest as it was.
 */
final class WholeDigestCursor {
    private final ChunkPlan plan;
    private final FileChannel data;
    private MessageDigest hash;
    private final BitSet done;
    /** Chunks hashed by the stream that fetched them. */
    private final BitSet hashedInline = new BitSet();
    /** The next chunk the cursor hashes; a claim is for this chunk only. */
    private int next;
    /** Whether the cursor is reading chunk {@link #next} back, so it cannot be claimed. */
    private boolean reading;
    private int claimed = -1;
    private long readBack;
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

    /**
     * The running digest for a stream about to fetch {@code chunk}, when every chunk before it is hashed and no
     * one else is hashing it; empty otherwise (the chunk is then read back once it is done).
     */
    Optional<Inline> claim(int chunk) {
        lock.lock();
        try {
            if (chunk != next || reading || claimed >= 0 || done.get(chunk) || abandoned) {
                return Optional.empty();
            }
            MessageDigest copy;
            try {
                copy = (MessageDigest) hash.clone();
            } catch (CloneNotSupportedException e) {
                return Optional.empty(); // a provider without clone: read back, as for any other chunk
            }
            claimed = chunk;
            return Optional.of(new Inline(chunk, copy));
        } finally {
            lock.unlock();
        }
    }

    /** A claimed chunk: its bytes go into {@link #digest()} as they arrive; then {@link #hashed} or {@link #release}. */
    final class Inline {
        private final int chunk;
        private final MessageDigest copy;

        private Inline(int chunk, MessageDigest copy) {
            this.chunk = chunk;
            this.copy = copy;
        }

        MessageDigest digest() {
            return copy;
        }

        /** Every byte of the chunk went into {@link #digest()}: it becomes the blob's running digest. */
        void hashed() {
            end(true);
        }

        /** The transfer broke off: the chunk is hashed by reading it back once another transfer brings it. */
        void release() {
            end(false);
        }

        private void end(boolean complete) {
            lock.lock();
            try {
                if (claimed != chunk) {
                    return;
                }
                if (complete) {
                    hash = copy;
                    hashedInline.set(chunk);
                    next = chunk + 1; // now, not when the cursor thread wakes: the stream may claim the next one at once
                }
                claimed = -1;
                progressed.signalAll();
            } finally {
                lock.unlock();
            }
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

    /** Bytes hashed by reading them back rather than as they arrived; read once {@link #await} returned. */
    long readBack() {
        return readBack;
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
        RangeReader reader = new RangeReader(data);
        try {
            for (int chunk = 0; chunk < plan.count(); chunk++) {
                Boolean readBack = awaitChunk(chunk);
                if (readBack == null) {
                    return;
                }
                if (readBack) {
                    hashRange(reader, plan.offset(chunk), plan.length(chunk));
                }
                advance(chunk + 1);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new IOException("hashing " + plan.digest() + " was interrupted", e);
        }
    }

    /**
     * Waits until the chunk was hashed by its stream (false), or is done and unclaimed, to be read back (true);
     * null when the download was abandoned.
     */
    private Boolean awaitChunk(int chunk) throws InterruptedException {
        lock.lock();
        try {
            while (!abandoned && !hashedInline.get(chunk) && (!done.get(chunk) || claimed == chunk)) {
                progressed.await();
            }
            if (abandoned) {
                return null;
            }
            reading = !hashedInline.get(chunk);
            return reading;
        } finally {
            lock.unlock();
        }
    }

    private void advance(int chunk) {
        lock.lock();
        try {
            next = Math.max(next, chunk);
            reading = false;
        } finally {
            lock.unlock();
        }
    }

    private void hashRange(RangeReader reader, long offset, long length) throws IOException {
        long n = reader.hash(offset, length, hash);
        readBack += n;
        if (n < length) {
            throw new IOException("the partial data of " + plan.digest() + " ends at " + (offset + n)
                    + ", before the end of a finished chunk at " + (offset + length));
        }
    }
}
