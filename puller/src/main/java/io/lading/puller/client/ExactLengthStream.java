package io.lading.puller.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob range's body that must hold exactly the bytes asked for: ending early is an error with the
 * numbers in it, never a silently short range. Closing it releases the HTTP answer.
 */
final class ExactLengthStream extends FilterInputStream {
    private final String what;
    private final long expected;
    private final AutoCloseable response;
    private long read;

    ExactLengthStream(String what, InputStream in, long expected, AutoCloseable response) {
        super(in);
        this.what = what;
        this.expected = expected;
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        if (read >= expected) {
            return -1;
        }
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (read >= expected) {
            return -1;
        }
        int n = super.read(buf, off, (int) Math.min(len, expected - read));
        count(n);
        return n;
    }

    private void count(int n) throws IOException {
        if (n < 0) {
            throw new IOException(what + ": expected " + expected + " bytes, got " + read + "; the connection was closed early");
        }
        read += n;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            try {
                response.close();
            } catch (Exception e) {
                // Releasing the connection can only fail if it is already gone.
            }
        }
    }
}
