package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a blob's bytes come from: the registry today, LAN peers next. The fetch engine asks several
 * sources for byte ranges and trusts none of them: every range is checked against the chunk index and
 * the whole blob against its digest before it enters the cache.
 */
public interface BlobSource {

    /** A short name for logs and metrics: {@code registry}, or a peer's {@code host:port}. */
    String name();

    /**
     * Streams bytes {@code [offset, offset + length)} of the blob. The caller closes the stream. Throws
     * {@link IOException} when the source cannot serve the range (unreachable, no such blob, refused).
     */
    InputStream open(Digest digest, long offset, long length) throws IOException;
}
