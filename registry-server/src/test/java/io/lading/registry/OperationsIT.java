package io.lading.registry;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes, metrics, and a sweep of hostile requests none of which may cause a 500. */
class OperationsIT {
    @TempDir
    Path dataDir;

    @Test
    void healthReadinessAndMetricsAnswer() {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            byte[] blob = Http.randomBytes(5000);
            http.post("/v2/ops/x/blobs/uploads/?digest=" + Digest.sha256Of(blob), blob);
            http.get("/v2/ops/x/blobs/" + Digest.sha256Of(blob));
            assertEquals(200, http.get("/healthz").statusCode());
            assertTrue(new String(http.get("/readyz").body()).contains("\"database\":true"));
            String metrics = new String(http.get("/metrics").body());
            assertTrue(metrics.contains("lading_http_requests_seconds_count{endpoint=\"blob\",method=\"GET\",status=\"200\"}"), metrics);
            assertTrue(metrics.contains("lading_blob_bytes_received_total 5000.0"), metrics);
            assertTrue(metrics.contains("lading_blob_bytes_sent_total 5000.0"), metrics);
            assertTrue(metrics.contains("lading_upload_sessions"), metrics);
        }
    }

    @Test
    void hostileRequestsGetA4xxNeverA500() {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String ok = "sha256:" + "a".repeat(64);
            List<String> paths = List.of("/v2/a/%2e%2e/b/tags/list", "/v2/a%2Fb/tags/list", "/v2/" + "a".repeat(300) + "/tags/list",
                    "/v2/a/blobs/sha256:zz", "/v2/a/blobs/md5:abc", "/v2/a/blobs/" + ok.toUpperCase(),
                    "/v2/a/manifests/..", "/v2/a/manifests/-x", "/v2/a/blobs/uploads/not-a-uuid", "/v2/a/referrers/nope",
                    "/v2/a/tags/list?n=-1", "/v2/a/tags/list?n=abc", "/v2/_catalog?n=99999999999", "/v2/x/unknown",
                    "/lading/v1/blobs/sha256:1/chunks");
            for (String path : paths) {
                int status = http.get(path).statusCode();
                assertTrue(status >= 400 && status < 500, path + " answered " + status);
            }
            int range = http.send(http.request("/v2/a/blobs/" + ok).header("Range", "bytes=x-y").GET()).statusCode();
            assertEquals(404, range, "an unknown blob is unknown whatever the range");
            int manifest = http.send(http.request("/v2/a/manifests/v1").header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"schemaVersion\":2,\"config\":7}"))).statusCode();
            assertEquals(400, manifest);
            int method = http.send(http.request("/v2/a/tags/list").DELETE()).statusCode();
            assertEquals(405, method);
        }
    }
}
