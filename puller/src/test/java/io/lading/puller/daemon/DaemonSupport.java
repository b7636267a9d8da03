package io.lading.puller.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushListener;
import io.lading.puller.client.push.PushResult;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** What the daemon's end-to-end tests share: pushing versions, reading links, /status and /metrics, and waiting. */
final class DaemonSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DaemonSupport() {
    }

    static PushResult push(RegistryClient client, RepositoryName repo, String tag, Path shards) throws IOException {
        return new ArtifactPusher(client, 2, null).push(repo, Tag.parse(tag), shards, PushListener.NONE);
    }

    /** A directory of shards of about 1 MiB, one per seed; equal seeds make equal (shared) blobs. */
    static Path shards(Path dir, String name, int... seeds) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < seeds.length; i++) {
            TestFiles.random(d, "shard-" + i + ".bin", (1 << 20) + 777 * i, seeds[i]);
        }
        return d;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the first model in /status satisfies {@code condition}, and returns that status. */
    static JsonNode awaitStatus(int port, String what, Predicate<JsonNode> condition) throws InterruptedException {
        JsonNode[] seen = new JsonNode[1];
        try {
            await(what, () -> {
                try {
                    seen[0] = JSON.readTree(get(port, "/status").body()).path("models").get(0);
                    return seen[0] != null && condition.test(seen[0]);
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last /status model: " + seen[0], e);
        }
        return seen[0];
    }

    static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "";
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
