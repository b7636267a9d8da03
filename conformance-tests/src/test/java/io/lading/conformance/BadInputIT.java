package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a 4xx and leaves stored state consistent; racing clients do not corrupt content. */
class BadInputIT {

    static List<Named<String>> invalidNames() {
        return List.of(Named.of("Foo", "Foo"), Named.of("conformance/Upper", "conformance/Upper"), Named.of("a/../b", "a/../b"),
                Named.of("a//b", "a//b"), Named.of("-a", "-a"), Named.of("a/", "a/"), Named.of("256 characters", "a".repeat(256)));
    }

    @ParameterizedTest(name = "code-8: the repository name {0} is refused")
    @MethodSource("invalidNames")
    void code8_anInvalidRepositoryNameIsRefused(String name) {
        // when: a pull-side and a push-side request under the name
        var tags = get("/v2/" + name + "/tags/list");
        var upload = post("/v2/" + name + "/blobs/uploads/", new byte[0]);
        // then: NAME_INVALID (400), or the 404 of registries that route such paths nowhere; never a redirect or 5xx
        for (var r : List.of(tags, upload)) {
            String what = r.request().method() + " " + r.request().uri().getRawPath();
            if (Target.isLading()) {
                assertError(r, 400, ErrorCode.NAME_INVALID);
            } else {
                assertTrue(r.statusCode() == 400 || r.statusCode() == 404, () -> what + " answered " + r.statusCode() + " " + new String(r.body()));
            }
        }
    }

    @Test
    void end6_aPutCutShortOfItsContentLengthLeavesNothingUnderTheDigest() throws Exception {
        // given
        String repo = repo();
        byte[] blob = bytes(4000);
        Digest d = Digest.sha256Of(blob);
        String location = withQuery(startUpload(repo), "digest=" + d);
        // when: the client declares 4000 bytes, sends 1000, and hangs up
        RawHttp.send("PUT", location, Map.of(Headers.CONTENT_TYPE, OCTET_STREAM), Arrays.copyOf(blob, 1000), blob.length,
                "repository:" + repo + ":pull,push");
        Thread.sleep(300);
        // then
        assertEquals(404, head(blobPath(repo, d)).statusCode());
        assertEquals(404, head(blobPath(repo, Digest.sha256Of(Arrays.copyOf(blob, 1000)))).statusCode());
    }

    @Test
    void end5_aPatchCutShortDoesNotLetTheUploadCompleteAsTheWholeBlob() throws Exception {
        // given
        String repo = repo();
        byte[] blob = bytes(4000);
        Digest d = Digest.sha256Of(blob);
        String location = startUpload(repo);
        // when: the chunk declares 4000 bytes, 1000 arrive, the client hangs up, then tries to close with the full digest
        RawHttp.send("PATCH", location, Map.of(Headers.CONTENT_TYPE, OCTET_STREAM, Headers.CONTENT_RANGE, "0-3999"),
                Arrays.copyOf(blob, 1000), blob.length, "repository:" + repo + ":pull,push");
        Thread.sleep(300);
        var close = put(withQuery(location, "digest=" + d), OCTET_STREAM, new byte[0]);
        // then: whatever happened to the session, the registry does not hold 1000 bytes under the 4000-byte digest
        assertNotEquals(201, close.statusCode(), () -> "closing answered 201 " + new String(close.body()));
        assertEquals(404, head(blobPath(repo, d)).statusCode());
    }

    @Test
    void concurrentPushesOfOneBlobFromFourClientsAllSucceedAndReadBackIntact() throws Exception {
        // given
        String repo = repo();
        byte[] blob = bytes(1 << 20);
        Digest d = Digest.sha256Of(blob);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Digest>> pushes = new ArrayList<>();
        // when: four clients push the same content at once
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                pushes.add(pool.submit(() -> {
                    start.await();
                    return pushBlob(repo, blob);
                }));
            }
            start.countDown();
            // then: each push is a 201
            for (Future<Digest> f : pushes) {
                assertEquals(d, f.get());
            }
        }
        // and the content is whole
        var r = get(blobPath(repo, d));
        assertEquals(200, r.statusCode());
        assertArrayEquals(blob, r.body());
    }
}
