package io.lading.registry;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Referrer bookkeeping the conformance suite cannot see: the limit under concurrent pushes, and subject links for GC. */
class ReferrerLimitsIT {
    @TempDir
    Path dataDir;

    private static final Digest EMPTY = Digest.sha256Of("{}".getBytes());

    /** A manifest over the empty config; a referrer of {@code subject} when it is not null, told apart by {@code note}. */
    private static byte[] manifest(Digest subject, String note) {
        String subjectJson = subject == null ? "" : ",\"subject\":{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":100}"
                .formatted(MediaTypes.OCI_MANIFEST, subject);
        return """
            {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":2},"layers":[],
             "annotations":{"note":"%s"}%s}""".formatted(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_EMPTY, EMPTY, note, subjectJson)
                .getBytes();
    }

    private static int push(Http http, String repo, byte[] manifest) {
        return http.put("/v2/" + repo + "/manifests/" + Digest.sha256Of(manifest), MediaTypes.OCI_MANIFEST, manifest).statusCode();
    }

    @Test
    void givenConcurrentReferrerPushes_whenTheyPassTheLimit_thenExactlyTheLimitIsKept() throws Exception {
        try (RunningRegistry registry = TestRegistries.start(dataDir, TestRegistries.freshSchema(), "--max-referrers-per-subject", "3");
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            http.post("/v2/" + repo + "/blobs/uploads/?digest=" + EMPTY, "{}".getBytes());
            Digest subject = Digest.sha256Of(manifest(null, "model"));
            List<Future<Integer>> pushes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] referrer = manifest(subject, "sig-" + i);
                pushes.add(pool.submit(() -> push(http, repo, referrer)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pushes) {
                statuses.add(f.get());
            }
            assertEquals(3, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(9, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
            String listed = new String(http.get("/v2/" + repo + "/referrers/" + subject).body());
            assertEquals(3, listed.split("\"digest\"").length - 1, listed);
        }
    }

    @Test
    void givenAReferrer_whenPushed_thenItsSubjectIsRecordedAsAReferenceForTheCollector() throws Exception {
        String url = TestRegistries.databaseUrl();
        boolean reachable;
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
            reachable = c.isValid(2);
        } catch (Exception e) {
            reachable = false;
        }
        assumeTrue(reachable, "reads the registry's tables, so needs the test PostgreSQL at " + url);
        String schema = TestRegistries.freshSchema();
        try (RunningRegistry registry = TestRegistries.start(dataDir, schema)) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            http.post("/v2/" + repo + "/blobs/uploads/?digest=" + EMPTY, "{}".getBytes());
            byte[] model = manifest(null, "model");
            byte[] signature = manifest(Digest.sha256Of(model), "sig");
            assertEquals(201, push(http, repo, model));
            assertEquals(201, push(http, repo, signature));

            List<String> references = new ArrayList<>();
            try (var c = DriverManager.getConnection(url, "postgres", "");
                 var q = c.prepareStatement("select kind, target_digest from " + schema + ".manifest_reference"
                         + " where manifest_digest = ? order by kind")) {
                q.setString(1, Digest.sha256Of(signature).toString());
                try (var rs = q.executeQuery()) {
                    while (rs.next()) {
                        references.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
            assertEquals(List.of("blob " + EMPTY, "subject " + Digest.sha256Of(model)), references);
        } finally {
            try (var c = DriverManager.getConnection(url, "postgres", ""); var s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    @Test
    void givenALimitBelowOne_whenTheRegistryStarts_thenItSaysWhich() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TestRegistries.start(dataDir, TestRegistries.freshSchema(), "--max-signature-bundle-bytes", "0"));
        assertTrue(e.getMessage().contains("signature bundle"), e.getMessage());
    }
}
