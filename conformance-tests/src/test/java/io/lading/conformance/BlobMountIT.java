package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import org.junit.jupiter.api.Test;

/** end-11: mounting a blob from another repository, and the isolation of repositories that do not hold it. */
class BlobMountIT {

    private static String mount(String to, Digest d, String from) {
        return "/v2/" + to + "/blobs/uploads/?mount=" + d + "&from=" + from;
    }

    @Test
    void end11_aMountFromARepositoryHoldingTheBlobIs201() {
        // given
        String from = repo();
        String to = repo();
        byte[] blob = bytes(3000);
        Digest d = pushBlob(from, blob);
        // when
        var r = post(mount(to, d, from), new byte[0]);
        // then
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        assertNotNull(header(r, Headers.LOCATION));
        assertEquals(d.toString(), header(r, Headers.DOCKER_CONTENT_DIGEST));
        assertArrayEquals(blob, get(blobPath(to, d)).body());
    }

    @Test
    void end11_aMountFromARepositoryWithoutTheBlobOpensAnUploadSession() {
        // given: the blob exists in the registry, but not in the repository named as the source
        String holder = repo();
        String from = repo();
        Digest d = pushBlob(holder, bytes(100));
        pushBlob(from, bytes(5));
        String to = repo();
        // when
        var r = post(mount(to, d, from), new byte[0]);
        // then: 202 and a session to upload to, as for end-4a; nothing mounted
        assertEquals(202, r.statusCode(), () -> new String(r.body()));
        assertNotNull(header(r, Headers.LOCATION));
        assertEquals(404, head(blobPath(to, d)).statusCode());
    }

    @Test
    void end2_aBlobIsNotReadableThroughARepositoryThatDoesNotHoldIt() {
        // given: the blob is in a, and c exists with other content
        String a = repo();
        String c = repo();
        Digest d = pushBlob(a, bytes(500));
        pushBlob(c, bytes(5));
        // when / then: content addressing must not leak across repositories
        assertEquals(404, get(blobPath(c, d)).statusCode());
        assertEquals(404, head(blobPath(c, d)).statusCode());
    }
}
