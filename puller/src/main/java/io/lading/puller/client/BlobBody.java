package io.lading.puller.client;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import okhttp3.RequestBody;

/** The content of a blob to upload, handed out in ranges so chunked uploads and resumes read only what they send. */
@FunctionalInterface
public interface BlobBody {

    /** A request body of bytes {@code [offset, offset + length)} that reports bytes as they are sent. */
    RequestBody range(long offset, long length, LongConsumer sent);

    static BlobBody of(Path file) {
        return (offset, length, sent) -> new FileRegionBody(file, offset, length, sent);
    }

    /** Small content held in memory anyway, such as a config blob. */
    static BlobBody of(byte[] bytes) {
        return (offset, length, sent) -> ReportingBody.of(bytes, offset, length, sent);
    }
}
