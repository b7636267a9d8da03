package io.lading.puller.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A man in the middle before a real registry: passes every request through, except that in each chunk index
 * it answers, the first chunk's digest is replaced by another of the same length (the JSON stays valid).
 */
final class ChunkIndexTamperingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "date");
    private static final Pattern FIRST_CHUNK = Pattern.compile("(\"chunks\"\\s*:\\s*\\[\\s*\"sha256:)([0-9a-f]{64})");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger tampered = new AtomicInteger();

    ChunkIndexTamperingProxy(String upstreamUrl) throws IOException {
        upstream = URI.create(upstreamUrl);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Chunk indexes altered so far. */
    int tampered() {
        return tampered.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            InputStream in = ex.getRequestBody();
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            HttpRequest.BodyPublisher body = length == null || length.equals("0") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), Long.parseLong(length));
            HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(pathAndQuery)).method(ex.getRequestMethod(), body);
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            boolean chunkIndex = uri.getRawPath().endsWith("/chunks") && r.statusCode() == 200;
            long responseLength = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean noBody = ex.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || responseLength == 0;
            ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : responseLength < 0 ? 0 : responseLength);
            try (InputStream upstreamBody = r.body()) {
                if (noBody) {
                    return;
                }
                try (OutputStream out = ex.getResponseBody()) {
                    if (chunkIndex) {
                        out.write(tamper(upstreamBody.readAllBytes())); // an index is small JSON; same length out
                    } else {
                        upstreamBody.transferTo(out);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private byte[] tamper(byte[] index) {
        String json = new String(index, StandardCharsets.UTF_8);
        Matcher m = FIRST_CHUNK.matcher(json);
        if (!m.find()) {
            return index;
        }
        tampered.incrementAndGet();
        String other = Digest.sha256Of(m.group(2).getBytes(StandardCharsets.UTF_8)).hex();
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + other)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
