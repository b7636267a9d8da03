package io.lading.puller.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The daemon's local HTTP surface: {@code /healthz} (the loop is alive), {@code /status} (JSON: each model's
 * active, previous and desired version, state and last error; host labels) and {@code /metrics} (Prometheus).
 * The JDK's own server is enough for a few local scrapes and keeps the host agent small.
 */
final class DaemonServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    DaemonServer(InetSocketAddress address, Daemon daemon, PullerMetrics metrics, Map<String, String> labels) throws IOException {
        this(address, daemon, metrics, labels, () -> null);
    }

    /** With {@code peers} in /status (issue 6): this host's peer id, server and bans; null when peers are off. */
    DaemonServer(InetSocketAddress address, Daemon daemon, PullerMetrics metrics, Map<String, String> labels,
                 Supplier<Object> peers) throws IOException {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/healthz", ex -> {
            boolean ok = daemon.running();
            send(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "the sync loop is not running\n");
        });
        server.createContext("/status", ex -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("labels", labels);
            body.put("models", daemon.statuses());
            Object peerStatus = peers.get();
            if (peerStatus != null) {
                body.put("peers", peerStatus);
            }
            send(ex, 200, "application/json", JSON.writeValueAsString(body));
        });
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
