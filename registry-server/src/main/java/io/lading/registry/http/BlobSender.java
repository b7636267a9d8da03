package io.lading.registry.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends part of a blob. From a file it reads into pooled direct buffers and hands those to Jetty, so bytes
 * go from the page cache to the socket without passing through the Java heap, and memory stays bounded
 * whatever the blob's size or the number of downloads.
 *
 * <p>Not memory-mapped windows: a mapping is released only when the garbage collector finds its buffer, and a
 * registry that serves terabytes allocates so little heap that mappings pile up by the thousand (seen: 21 GB
 * of mapped pages in a -Xmx512m registry after a few pulls), heading for the kernel's limit on mappings.
 */
final class BlobSender {
    /** Large enough for few system calls per blob; a pool of them bounds direct memory under any load. */
    private static final int BUFFER = 1 << 20;
    private static final int POOLED = 64;
    private static final Queue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOL_SIZE = new AtomicInteger();

    private BlobSender() {
    }

    static void send(SeekableByteChannel source, long first, long length, OutputStream out) throws IOException {
        if (source instanceof FileChannel file && out instanceof HttpOutput jetty) {
            ByteBuffer buf = take();
            try {
                for (long pos = first, left = length; left > 0; ) {
                    buf.clear().limit((int) Math.min(buf.capacity(), left));
                    int n = file.read(buf, pos);
                    if (n < 0) {
                        throw new IOException("blob ended " + left + " bytes early");
                    }
                    buf.flip();
                    // Blocking write: when it returns the bytes are out and the buffer is ours again.
                    jetty.write(buf);
                    pos += n;
                    left -= n;
                }
            } finally {
                give(buf);
            }
            return;
        }
        source.position(first);
        var in = Channels.newInputStream(source);
        byte[] buf = new byte[BUFFER];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("blob ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static ByteBuffer take() {
        ByteBuffer b = POOL.poll();
        if (b != null) {
            POOL_SIZE.decrementAndGet();
            return b;
        }
        return ByteBuffer.allocateDirect(BUFFER);
    }

    private static void give(ByteBuffer b) {
        if (POOL_SIZE.incrementAndGet() <= POOLED) {
            POOL.offer(b);
        } else {
            POOL_SIZE.decrementAndGet();
        }
    }
}
