package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sources that go wrong the way peers and registries do: bad bytes, refused requests, silence. */
final class MisbehavingSources {
    private MisbehavingSources() {
    }

    /** Flips one byte at {@code position} every time it serves it. */
    static final class Corrupting extends FileBlobSource {
        private final long position;

        Corrupting(String name, TestBlob blob, long position) {
            super(name, blob);
            this.position = position;
        }

        @Override
        protected int transform(long blobPosition, byte[] b, int off, int n) {
            if (position >= blobPosition && position < blobPosition + n) {
                b[off + (int) (position - blobPosition)] ^= 0x5a;
            }
            return n;
        }
    }

    /** Serves its first {@code goodRanges} range requests, then refuses every request, like a peer that left. */
    static final class FailingAfter extends FileBlobSource {
        private final AtomicInteger opensLeft;

        FailingAfter(String name, TestBlob blob, int goodRanges) {
            super(name, blob);
            this.opensLeft = new AtomicInteger(goodRanges);
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) throws IOException {
            if (opensLeft.getAndDecrement() <= 0) {
                throw new IOException(name() + ": connection refused");
            }
            return super.open(digest, offset, length);
        }
    }

    /**
     * Sends the first {@code bytesBeforeStall} bytes of the range starting at {@code stallOffset}, then goes
     * silent until the stream is closed, as a socket to a hung peer does.
     */
    static final class Stalling extends FileBlobSource {
        private final long stallOffset;
        private final long bytesBeforeStall;

        Stalling(String name, TestBlob blob, long stallOffset, long bytesBeforeStall) {
            super(name, blob);
            this.stallOffset = stallOffset;
            this.bytesBeforeStall = bytesBeforeStall;
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) throws IOException {
            InputStream real = super.open(digest, offset, length);
            if (offset != stallOffset) {
                return real;
            }
            CountDownLatch closed = new CountDownLatch(1);
            return new InputStream() {
                private long sent;

                @Override
                public int read() throws IOException {
                    throw new UnsupportedOperationException("the engine reads in bulk");
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (sent >= bytesBeforeStall) {
                        try {
                            closed.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("Socket closed");
                    }
                    int n = real.read(b, off, (int) Math.min(len, bytesBeforeStall - sent));
                    sent += Math.max(n, 0);
                    return n;
                }

                @Override
                public void close() throws IOException {
                    closed.countDown();
                    real.close();
                }
            };
        }
    }

    /** Never answers the request for the range at {@code hangOffset}, like a peer that accepted and froze. */
    static final class HangingOnOpen extends FileBlobSource {
        private final long hangOffset;

        HangingOnOpen(String name, TestBlob blob, long hangOffset) {
            super(name, blob);
            this.hangOffset = hangOffset;
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) throws IOException {
            if (offset == hangOffset) {
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new InterruptedIOException(name() + ": request for bytes " + offset + "- cut off");
                }
            }
            return super.open(digest, offset, length);
        }
    }
}
