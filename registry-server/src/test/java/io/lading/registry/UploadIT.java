package io.lading.registry;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads under failure: nothing partial or unverified ever appears under a digest. */
class UploadIT {
    @TempDir
    Path dataDir;

    private static long blobFiles(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.walk(dataDir.resolve("blobs"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void givenADigestMismatch_whenTheUploadFinishes_thenNothingIsStoredAndTheSessionIsGone() throws IOException {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            String location = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            Digest claimed = Digest.sha256Of("other".getBytes());
            var put = http.put(location + "?digest=" + claimed, "application/octet-stream", "actual".getBytes());
            assertEquals(400, put.statusCode());
            assertTrue(new String(put.body()).contains("DIGEST_INVALID"));
            assertEquals(404, http.head("/v2/" + repo + "/blobs/" + claimed).statusCode());
            assertEquals(404, http.head("/v2/" + repo + "/blobs/" + Digest.sha256Of("actual".getBytes())).statusCode());
            assertEquals(404, http.get(location).statusCode(), "the session is cancelled");
            assertEquals(0, blobFiles(dataDir));
        }
    }

    @Test
    void givenABodyCutShortOfItsContentLength_thenTheSessionKeepsOnlyWhatItHadAndCanResume() throws Exception {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            String location = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            byte[] blob = Http.randomBytes(4096);
            sendTruncatedPatch(registry, location, 1000, Arrays.copyOf(blob, 400));
            var status = http.get(location);
            assertEquals(204, status.statusCode());
            assertEquals("0-0", status.headers().firstValue("Range").orElseThrow(), "nothing of the cut chunk was kept");
            var patch = http.send(http.request(location).header("Content-Range", "0-4095")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob)));
            assertEquals(202, patch.statusCode());
            var put = http.put(location + "?digest=" + Digest.sha256Of(blob), "application/octet-stream", new byte[0]);
            assertEquals(201, put.statusCode());
            assertArrayEquals(blob, http.get("/v2/" + repo + "/blobs/" + Digest.sha256Of(blob)).body());
        }
    }

    /** Declares more bytes than it sends, then closes: what a client killed mid-upload does. */
    private static void sendTruncatedPatch(RunningRegistry registry, String location, int declared, byte[] sent) throws Exception {
        try (Socket s = new Socket(registry.url().getHost(), registry.url().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(sent);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            in.readAllBytes();
        }
        Thread.sleep(200);
    }

    @Test
    void givenARegistryRestartMidUpload_thenTheUploadResumesAndTheDigestAndChunkIndexAreRight() throws IOException {
        String schema = TestRegistries.freshSchema();
        String repo = Http.randomRepository();
        byte[] blob = Http.randomBytes(3 * 1024 * 1024 + 17);
        String location;
        try (RunningRegistry first = TestRegistries.start(dataDir, schema, "--chunk-size", "1048576")) {
            Http http = new Http(first.url());
            location = http.post("/v2/" + repo + "/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            var patch = http.send(http.request(location).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(blob, 1_500_000))));
            assertEquals("0-1499999", patch.headers().firstValue("Range").orElseThrow());
        }
        try (RunningRegistry second = TestRegistries.start(dataDir, schema, "--chunk-size", "1048576")) {
            Http http = new Http(second.url());
            byte[] rest = Arrays.copyOfRange(blob, 1_500_000, blob.length);
            var put = http.send(http.request(location + "?digest=" + Digest.sha256Of(blob))
                    .header("Content-Range", "1500000-" + (blob.length - 1)).PUT(HttpRequest.BodyPublishers.ofByteArray(rest)));
            assertEquals(201, put.statusCode(), new String(put.body()));
            String index = new String(http.get("/lading/v1/blobs/" + Digest.sha256Of(blob) + "/chunks").body());
            String lastChunk = Digest.sha256Of(Arrays.copyOfRange(blob, 3 * 1024 * 1024, blob.length)).toString();
            assertTrue(index.contains(lastChunk), index);
            assertTrue(index.contains(Digest.sha256Of(Arrays.copyOf(blob, 1024 * 1024)).toString()), index);
        }
    }

    @Test
    void givenConcurrentPushesOfOneBlob_thenAllSucceedAndItIsStoredOnce() throws Exception {
        try (RunningRegistry registry = TestRegistries.start(dataDir);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = new Http(registry.url());
            byte[] blob = Http.randomBytes(2 * 1024 * 1024);
            Digest digest = Digest.sha256Of(blob);
            List<Future<Integer>> pushes = Stream.of("a", "b", "c", "d", "a", "b")
                    .map(r -> pool.submit(() -> http.post("/v2/test/" + r + "/blobs/uploads/?digest=" + digest, blob).statusCode()))
                    .toList();
            for (Future<Integer> f : pushes) {
                assertEquals(201, f.get());
            }
            assertEquals(1, blobFiles(dataDir));
            for (String r : List.of("a", "b", "c", "d")) {
                assertArrayEquals(blob, http.get("/v2/test/" + r + "/blobs/" + digest).body());
            }
        }
    }

    @Test
    void givenAnAbandonedSession_whenItExpires_thenItAndItsDataAreRemoved() throws IOException {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String location = http.post("/v2/" + Http.randomRepository() + "/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            http.send(http.request(location).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[1000])));
            assertEquals(0, registry.components().uploads().purgeIdle(java.time.Duration.ofHours(1)), "a fresh session stays");
            assertEquals(1, registry.components().uploads().purgeIdle(java.time.Duration.ZERO));
            assertEquals(404, http.get(location).statusCode());
            try (Stream<Path> left = Files.list(dataDir.resolve("uploads"))) {
                assertEquals(0, left.count());
            }
        }
    }

    @Test
    void givenAContentRangeThatDisagreesWithContentLength_thenSizeInvalid() throws IOException {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String location = http.post("/v2/" + Http.randomRepository() + "/blobs/uploads/", new byte[0]).headers().firstValue("Location").orElseThrow();
            var patch = http.send(http.request(location).header("Content-Range", "0-99")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10])));
            assertEquals(400, patch.statusCode());
            assertTrue(new String(patch.body()).contains("SIZE_INVALID"));
        }
    }
}
