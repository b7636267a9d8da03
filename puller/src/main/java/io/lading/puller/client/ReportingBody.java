package io.lading.puller.client;

import java.io.IOException;
import java.util.function.LongConsumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body of a known length that reports the bytes it sends. A retried request writes its body
 * again; the bytes the failed attempt reported are taken back first, so progress counts each byte once.
 */
abstract class ReportingBody extends RequestBody {
    static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final long length;
    private final LongConsumer sent;
    private long reported;

    ReportingBody(long length, LongConsumer sent) {
        this.length = length;
        this.sent = sent;
    }

    @Override
    public final MediaType contentType() {
        return OCTET_STREAM;
    }

    @Override
    public final long contentLength() {
        return length;
    }

    @Override
    public final void writeTo(BufferedSink sink) throws IOException {
        synchronized (this) {
            if (reported > 0) {
                sent.accept(-reported);
                reported = 0;
            }
        }
        write(sink);
    }

    /** Writes all {@link #contentLength()} bytes, calling {@link #report} as they go. */
    abstract void write(BufferedSink sink) throws IOException;

    final synchronized void report(long n) {
        reported += n;
        sent.accept(n);
    }

    /** Bytes already in memory (a config blob). */
    static ReportingBody of(byte[] bytes, long offset, long length, LongConsumer sent) {
        return new ReportingBody(length, sent) {
            @Override
            void write(BufferedSink sink) throws IOException {
                sink.write(bytes, (int) offset, (int) length);
                report(length);
            }
        };
    }
}
