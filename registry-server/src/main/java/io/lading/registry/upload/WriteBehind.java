package io.lading.registry.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Flushes an upload's data to disk while it is still arriving. Without it the kernel holds a whole shard
 * in dirty pages and the final fsync writes it all while the client waits; flushing every few MiB on a
 * side thread overlaps the disk's work with the network's and the hash's.
 */
final class WriteBehind {
    /** Small against a shard, large enough that each flush is one efficient sequential write. */
    private static final long FLUSH_EVERY = 32L << 20;

    private final FileChannel channel;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private long unflushed;

    WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    void wrote(long bytes) {
        unflushed += bytes;
        if (unflushed >= FLUSH_EVERY && pending.isDone()) {
            unflushed = 0;
            pending = CompletableFuture.runAsync(this::flush, Thread::startVirtualThread);
        }
    }

    /** Waits for the flush in flight, so the channel can be closed. */
    void finish() {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new UncheckedIOException("flushing upload data failed: " + e.getCause().getMessage(),
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
