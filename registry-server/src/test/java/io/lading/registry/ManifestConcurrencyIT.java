package io.lading.registry;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tag moved while clients read it: every read is one whole manifest, with the digest of what it returned. */
class ManifestConcurrencyIT {
    @TempDir
    Path dataDir;

    private static String manifest(Digest config, String version) {
        return """
            {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":2},"layers":[],
             "annotations":{"version":"%s"}}""".formatted(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_EMPTY, config, version);
    }

    @Test
    void givenATagMovedWhileBeingRead_thenEveryReadIsConsistent() throws Exception {
        try (RunningRegistry registry = TestRegistries.start(dataDir);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            Digest config = Digest.sha256Of("{}".getBytes());
            http.post("/v2/" + repo + "/blobs/uploads/?digest=" + config, "{}".getBytes());
            List<String> versions = List.of(manifest(config, "1"), manifest(config, "2"));
            http.put("/v2/" + repo + "/manifests/prod", MediaTypes.OCI_MANIFEST, versions.get(0).getBytes());
            Future<?> mover = pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    assertEquals(201, http.put("/v2/" + repo + "/manifests/prod", MediaTypes.OCI_MANIFEST,
                            versions.get(i % 2).getBytes()).statusCode());
                }
            });
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                reads.add(pool.submit(() -> {
                    var r = http.get("/v2/" + repo + "/manifests/prod");
                    assertEquals(200, r.statusCode());
                    assertEquals(Digest.sha256Of(r.body()).toString(), r.headers().firstValue("Docker-Content-Digest").orElseThrow());
                    return new String(r.body());
                }));
            }
            mover.get();
            for (Future<String> read : reads) {
                assertTrue(versions.contains(read.get()));
            }
        }
    }
}
