package io.lading.puller.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real registry that records every request and injects the faults a test
 * queues: answer 503, answer 429 with Retry-After, or drop the connection without an answer (after
 * reading the request body, as a network failure mid-upload would look to the client).
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "keep-alive", "expect", "date");

    /** A request as the proxy saw it, and when. */
    public record Seen(String method, String pathAndQuery, long nanos) {
    }

    /** A GET the registry answered with bytes, and the Range it was asked for (null: the whole body). */
    public record Served(String path, String range, int status) {
    }

    private final List<Served> served = new CopyOnWriteArrayList<>();

    /** Every GET the registry answered 200 or 206, with its Range header: which bytes left the registry. */
    public List<Served> served() {
        return List.copyOf(served);
    }

    private enum Kind { ANSWER, DROP, CORRUPT_BODY, IGNORE_RANGE }

    private record Fault(Predicate<Seen> matches, Kind kind, int status, String retryAfter) {
    }

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

    public FaultProxy(String upstreamUrl) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The next {@code n} requests that match answer {@code status} (with Retry-After when non-null). */
    public void answer(int n, Predicate<Seen> matches, int status, String retryAfter) {
        add(n, new Fault(matches, Kind.ANSWER, status, retryAfter));
    }

    /** The next {@code n} requests that match lose their connection with no answer. */
    public void drop(int n, Predicate<Seen> matches) {
        add(n, new Fault(matches, Kind.DROP, 0, null));
    }

    /** The next {@code n} answers that match reach the client with their first body byte flipped. */
    public void corrupt(int n, Predicate<Seen> matches) {
        add(n, new Fault(matches, Kind.CORRUPT_BODY, 0, null));
    }

    /** The next {@code n} requests that match reach the registry without their Range header, as from a proxy that drops it. */
    public void ignoreRange(int n, Predicate<Seen> matches) {
        add(n, new Fault(matches, Kind.IGNORE_RANGE, 0, null));
    }

    private void add(int n, Fault fault) {
        for (int i = 0; i < n; i++) {
            faults.add(fault);
        }
    }

    public static Predicate<Seen> any() {
        return s -> true;
    }

    public static Predicate<Seen> method(String method) {
        return s -> s.method().equals(method);
    }

    private void handle(HttpExchange ex) throws IOException {
        String pathAndQuery = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Seen request = new Seen(ex.getRequestMethod(), pathAndQuery, System.nanoTime());
        seen.add(request);
        Fault fault = takeFault(request);
        try (ex) {
            if (fault != null && (fault.kind() == Kind.ANSWER || fault.kind() == Kind.DROP)) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (fault.kind() == Kind.DROP) {
                    // Closing the exchange before any answer closes the connection: the client sees EOF.
                    return;
                }
                if (fault.retryAfter() != null) {
                    ex.getResponseHeaders().add("Retry-After", fault.retryAfter());
                }
                byte[] error = ("{\"errors\":[{\"code\":\"" + (fault.status() == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE")
                        + "\",\"message\":\"injected by the test proxy after " + body.length + " body bytes\"}]}").getBytes();
                if (request.method().equals("HEAD")) {
                    ex.sendResponseHeaders(fault.status(), -1);
                    return;
                }
                ex.sendResponseHeaders(fault.status(), error.length);
                ex.getResponseBody().write(error);
                return;
            }
            forward(ex, pathAndQuery, fault == null ? null : fault.kind());
        } catch (IOException | RuntimeException e) {
            System.err.println("test proxy: " + request + " failed: " + e);
            throw e;
        }
    }

    private synchronized Fault takeFault(Seen request) {
        for (Fault f : faults) {
            if (f.matches().test(request)) {
                faults.remove(f);
                return f;
            }
        }
        return null;
    }

    private void forward(HttpExchange ex, String pathAndQuery, Kind fault) throws IOException {
        long length = ex.getRequestHeaders().getFirst("Content-Length") == null ? -1 : Long.parseLong(ex.getRequestHeaders().getFirst("Content-Length"));
        InputStream in = ex.getRequestBody();
        HttpRequest.BodyPublisher body = length <= 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length);
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(pathAndQuery)).method(ex.getRequestMethod(), body);
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !(fault == Kind.IGNORE_RANGE && name.equalsIgnoreCase("Range"))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String registryHost = upstream.getHost() + ":" + upstream.getPort();
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                // Token realms name the registry; point them at the proxy so token requests are seen too.
                values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(registryHost, "127.0.0.1:" + server.getAddress().getPort())));
            }
        });
        if (ex.getRequestMethod().equals("GET") && (r.statusCode() == 200 || r.statusCode() == 206)) {
            served.add(new Served(ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Range"), r.statusCode()));
        }
        long responseLength = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean noBody = ex.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || responseLength == 0;
        ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : responseLength < 0 ? 0 : responseLength);
        try (InputStream upstreamBody = r.body()) {
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    if (fault == Kind.CORRUPT_BODY) {
                        int first = upstreamBody.read();
                        out.write(first ^ 0x01);
                    }
                    upstreamBody.transferTo(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
