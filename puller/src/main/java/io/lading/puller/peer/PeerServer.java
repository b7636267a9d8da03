package io.lading.puller.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lading.puller.fetch.Bandwidth;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.ServableBlob;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorBody;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * This host's peer server (spec/peers.md, "Peer server"): {@code GET|HEAD /lading/peer/v1/blobs/{digest}} with a
 * single {@code Range}, serving verified blobs from the cache and the verified chunks of downloads in progress,
 * only to a bearer token that may pull a repository this host knows holds the blob ({@link PeerTokens}, {@link
 * BlobHoldings}). Uploads share one bandwidth cap; requests beyond {@code maxConnections} get 503 at once.
 */
public final class PeerServer implements AutoCloseable {
    public static final String BLOBS_PATH = "/lading/peer/v1/blobs/";
    private static final Logger LOG = Logger.getLogger(PeerServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes per read and write while serving: large enough to amortise syscalls, small enough for the cap's pacing. */
    private static final int BUFFER_BYTES = 256 * 1024;

    private final HttpServer server;
    private final FetchEngine engine;
    private final BlobHoldings holdings;
    private final PeerTokens tokens;
    private final Bandwidth uploads;
    private final Semaphore slots;
    private final LongAdder bytesServed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * @param uploadBytesPerSecond cap shared by every request (0: none)
     * @param maxConnections       requests served at once; more get 503
     */
    public PeerServer(InetSocketAddress listen, FetchEngine engine, BlobHoldings holdings, PeerTokens tokens,
                      long uploadBytesPerSecond, int maxConnections) throws IOException {
        this.engine = engine;
        this.holdings = holdings;
        this.tokens = tokens;
        this.uploads = new Bandwidth(uploadBytesPerSecond);
        this.slots = new Semaphore(maxConnections);
        this.server = HttpServer.create(listen, 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(BLOBS_PATH, this::handle);
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Blob bytes sent to peers so far. */
    public long bytesServed() {
        return bytesServed.sum();
    }

    /** Requests refused (no or bad token, no access, unknown blob or range, too busy). */
    public long refused() {
        return refused.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!slots.tryAcquire()) {
                ex.getResponseHeaders().set("Retry-After", "1");
                error(ex, 503, ErrorCode.TOOMANYREQUESTS, "this peer serves its maximum of requests at once; ask another source");
                return;
            }
            try {
                serve(ex);
            } finally {
                slots.release();
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            error(ex, 405, ErrorCode.UNSUPPORTED, method + " is not served here; GET or HEAD a blob");
            return;
        }
        Digest digest;
        try {
            digest = Digest.parse(ex.getRequestURI().getPath().substring(BLOBS_PATH.length()));
        } catch (IllegalArgumentException e) { // InvalidDigestException among them
            error(ex, 400, ErrorCode.DIGEST_INVALID, e.getMessage());
            return;
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ex.getResponseHeaders().set("WWW-Authenticate", tokens.challenge());
            error(ex, 401, ErrorCode.UNAUTHORIZED, "a registry token that may pull a repository holding the blob is required");
            return;
        }
        Set<RepositoryName> pullable;
        try {
            pullable = tokens.pullable(authorization.substring(7).trim());
        } catch (PeerTokens.Refused e) {
            ex.getResponseHeaders().set("WWW-Authenticate", tokens.challenge() + ",error=\"invalid_token\"");
            error(ex, 401, ErrorCode.UNAUTHORIZED, "the token was refused: " + e.getMessage());
            return;
        }
        if (pullable.isEmpty()) {
            error(ex, 403, ErrorCode.DENIED, "the token grants pull on no repository");
            return;
        }
        Set<RepositoryName> allowed = new HashSet<>(holdings.repositories(digest));
        allowed.retainAll(pullable);
        if (allowed.isEmpty()) {
            // spec/peers.md: the tracker lists a peer whatever repository it announced under; the puller tries the next.
            error(ex, 403, ErrorCode.DENIED, "the token grants pull on no repository this peer knows to hold " + digest);
            return;
        }
        Optional<ServableBlob> blob = engine.servable(digest);
        if (blob.isEmpty()) {
            error(ex, 404, ErrorCode.BLOB_UNKNOWN, "blob unknown to this peer");
            return;
        }
        Range range = Range.parse(ex.getRequestHeaders().getFirst("Range"), blob.get().size());
        if (range == null) {
            ex.getResponseHeaders().set("Content-Range", "bytes */" + blob.get().size());
            error(ex, 416, ErrorCode.BLOB_UNKNOWN, "give one range, bytes=first-last, inside the blob's "
                    + blob.get().size() + " bytes");
            return;
        }
        if (!blob.get().covers(range.offset(), range.length())) {
            error(ex, 404, ErrorCode.BLOB_UNKNOWN, "bytes " + range.offset() + "-" + range.last()
                    + " are not verified on this peer yet");
            return;
        }
        send(ex, digest, blob.get(), range, method.equals("HEAD"));
    }

    private void send(HttpExchange ex, Digest digest, ServableBlob blob, Range range, boolean head) throws IOException {
        FileChannel opened;
        try {
            opened = FileChannel.open(blob.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // The download finished and moved its data into the cache a moment ago: serve it from there.
            Optional<ServableBlob> now = engine.servable(digest);
            if (now.isEmpty() || !now.get().covers(range.offset(), range.length())) {
                error(ex, 404, ErrorCode.BLOB_UNKNOWN, "blob unknown to this peer");
                return;
            }
            opened = FileChannel.open(now.get().file(), StandardOpenOption.READ);
        }
        try (FileChannel file = opened) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            boolean whole = range.offset() == 0 && range.length() == blob.size() && !range.explicit();
            if (!whole) {
                ex.getResponseHeaders().set("Content-Range",
                        "bytes " + range.offset() + "-" + range.last() + "/" + blob.size());
            }
            int status = whole ? 200 : 206;
            if (head) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(range.length()));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, range.length() == 0 ? -1 : range.length());
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            long position = range.offset();
            long end = range.offset() + range.length();
            try (OutputStream out = ex.getResponseBody()) {
                while (position < end) {
                    buffer.clear().limit((int) Math.min(BUFFER_BYTES, end - position));
                    int n = file.read(buffer, position);
                    if (n < 0) {
                        throw new IOException(blob.file() + " ends at " + position + ", before " + end);
                    }
                    uploads.pay(n);
                    out.write(buffer.array(), 0, n);
                    bytesServed.add(n);
                    position += n;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("serving " + digest + " was interrupted", e);
            }
        }
    }

    private void error(HttpExchange ex, int status, ErrorCode code, String message) throws IOException {
        refused.increment();
        LOG.fine(() -> "peer request " + ex.getRequestMethod() + " " + ex.getRequestURI() + " from "
                + ex.getRemoteAddress() + ": " + status + " " + message);
        byte[] body = JSON.writeValueAsString(ErrorBody.of(code, message, null)).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One byte range of a blob; {@code explicit} when the request had a Range header. */
    record Range(long offset, long length, boolean explicit) {

        long last() {
            return offset + length - 1;
        }

        /** {@code bytes=a-b} or {@code bytes=a-} (one range only); null when unusable; no header is the whole blob. */
        static Range parse(String header, long size) {
            if (header == null) {
                return new Range(0, size, false);
            }
            String h = header.trim();
            if (!h.startsWith("bytes=") || h.contains(",")) {
                return null;
            }
            String spec = h.substring("bytes=".length());
            int dash = spec.indexOf('-');
            if (dash <= 0) {
                return null; // suffix ranges (bytes=-n) are not used by pullers
            }
            try {
                long first = Long.parseLong(spec.substring(0, dash));
                String tail = spec.substring(dash + 1);
                long last = tail.isEmpty() ? size - 1 : Math.min(Long.parseLong(tail), size - 1);
                if (first < 0 || first > last || first >= size) {
                    return null;
                }
                return new Range(first, last - first + 1, true);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
