package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@link BlobSource} over a local file, as a peer serving its cache would be. Counts the bytes it
 * serves and the ranges asked for, so tests can tell what a fetch moved.
 */
public class FileBlobSource implements BlobSource {
    private final String name;
    private final Digest digest;
    private final Path file;
    private final AtomicLong bytesServed = new AtomicLong();
    private final List<Long> offsetsRequested = new CopyOnWriteArrayList<>();

    public FileBlobSource(String name, TestBlob blob) {
        this(name, blob.digest(), blob.file());
    }

    public FileBlobSource(String name, Digest digest, Path file) {
        this.name = name;
        this.digest = digest;
        this.file = file;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InputStream open(Digest wanted, long offset, long length) throws IOException {
        if (!wanted.equals(digest)) {
            throw new NoSuchFileException(name + " has no blob " + wanted);
        }
        offsetsRequested.add(offset);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
        InputStream raw = Channels.newInputStream(channel);
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = raw.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    n = transform(offset + length - left, b, off, n);
                    left -= n;
                    bytesServed.addAndGet(n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                raw.close();
            }
        };
    }

    /** Hook for sources that misbehave: sees each piece read, at its blob position; returns bytes to hand out. */
    protected int transform(long blobPosition, byte[] b, int off, int n) throws IOException {
        return n;
    }

    public long bytesServed() {
        return bytesServed.get();
    }

    public List<Long> offsetsRequested() {
        return List.copyOf(offsetsRequested);
    }
}
