package io.lading.registry;

import static io.lading.registry.db.schema.Tables.MANIFEST_REFERENCE;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.Http;
import io.lading.registry.testing.TestRegistries;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each blob is stored once, readable only through repositories that hold it, and every reference is recorded. */
class ContentAddressingIT {
    @TempDir
    Path dataDir;

    @Test
    void givenABlobPushedToTwoRepositories_thenItIsStoredOnceAndDeletingItFromOneLeavesTheOther() throws IOException {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            byte[] blob = Http.randomBytes(100_000);
            Digest digest = Digest.sha256Of(blob);
            assertEquals(201, http.post("/v2/team/a/blobs/uploads/?digest=" + digest, blob).statusCode());
            assertEquals(201, http.post("/v2/team/b/blobs/uploads/?digest=" + digest, blob).statusCode());
            try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
                assertEquals(1, files.filter(Files::isRegularFile).count());
            }
            assertEquals(404, http.head("/v2/team/c/blobs/" + digest).statusCode(), "c never held it");
            assertEquals(202, http.send(http.request("/v2/team/a/blobs/" + digest).DELETE()).statusCode());
            assertEquals(404, http.get("/v2/team/a/blobs/" + digest).statusCode());
            assertArrayEquals(blob, http.get("/v2/team/b/blobs/" + digest).body());
        }
    }

    @Test
    void givenAManifestWithASubject_thenItsBlobAndSubjectReferencesAreRecordedForGarbageCollection() throws IOException {
        try (RunningRegistry registry = TestRegistries.start(dataDir)) {
            Http http = new Http(registry.url());
            String repo = Http.randomRepository();
            byte[] config = "{}".getBytes();
            byte[] layer = Http.randomBytes(1000);
            Digest c = Digest.sha256Of(config);
            Digest l = Digest.sha256Of(layer);
            http.post("/v2/" + repo + "/blobs/uploads/?digest=" + c, config);
            http.post("/v2/" + repo + "/blobs/uploads/?digest=" + l, layer);
            Digest subject = Digest.sha256Of("the subject".getBytes());
            String manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":2},
                 "layers":[{"mediaType":"%s","digest":"%s","size":1000}],
                 "subject":{"mediaType":"%s","digest":"%s","size":11}}""".formatted(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_EMPTY, c,
                    MediaTypes.MODEL_WEIGHT_RAW, l, MediaTypes.OCI_MANIFEST, subject);
            var put = http.put("/v2/" + repo + "/manifests/sig", MediaTypes.OCI_MANIFEST, manifest.getBytes());
            assertEquals(201, put.statusCode(), new String(put.body()));
            assertEquals(subject.toString(), put.headers().firstValue("OCI-Subject").orElseThrow());
            Set<String> refs = registry.components().database().dsl()
                    .select(MANIFEST_REFERENCE.KIND, MANIFEST_REFERENCE.TARGET_DIGEST).from(MANIFEST_REFERENCE)
                    .where(MANIFEST_REFERENCE.MANIFEST_DIGEST.eq(Digest.sha256Of(manifest.getBytes()).toString()))
                    .fetch(r -> r.value1() + " " + r.value2()).stream().collect(Collectors.toSet());
            assertEquals(Set.of("blob " + c, "blob " + l, "subject " + subject), refs);
        }
    }
}
