package io.lading.registry.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends part of a blob. From a file it hands Jetty memory-mapped windows of the file, so bytes go from
 * the page cache to the socket without passing through the Java heap, and memory stays bounded
 * whatever the blob's size.
 */
final class BlobSender {
    /** Big enough that mapping costs nothing next to sending; small enough to bound address space per download. */
    private static final long WINDOW = 16L << 20;
    private static final int COPY_BUFFER = 1 << 20;

    private BlobSender() {
    }

    static void send(SeekableByteChannel source, long first, long length, OutputStream out) throws IOException {
        if (source instanceof FileChannel file && out instanceof HttpOutput jetty) {
            for (long pos = first, left = length; left > 0; ) {
                long n = Math.min(WINDOW, left);
                jetty.write(file.map(FileChannel.MapMode.READ_ONLY, pos, n));
                pos += n;
                left -= n;
            }
            return;
        }
        source.position(first);
        var in = Channels.newInputStream(source);
        byte[] buf = new byte[COPY_BUFFER];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("blob ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

}
