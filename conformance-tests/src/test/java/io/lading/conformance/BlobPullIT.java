package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pulling and deleting blobs: end-2 (GET/HEAD, with Range) and end-10 (DELETE). */
class BlobPullIT {

    @Test
    void end2_headAndGetOfABlobGiveItsLengthDigestAndBytes() {
        // given
        String repo = repo();
        byte[] blob = bytes(10_000);
        Digest d = pushBlob(repo, blob);
        // when
        var head = head(blobPath(repo, d));
        var get = get(blobPath(repo, d));
        // then
        assertEquals(200, head.statusCode());
        assertEquals("10000", header(head, Headers.CONTENT_LENGTH));
        assertEquals(d.toString(), header(head, Headers.DOCKER_CONTENT_DIGEST));
        assertEquals(200, get.statusCode());
        assertEquals(d.toString(), header(get, Headers.DOCKER_CONTENT_DIGEST));
        assertArrayEquals(blob, get.body());
    }

    @ParameterizedTest(name = "end-2: Range {0} is 206 with bytes {1}-{2}")
    @CsvSource({"bytes=100-199, 100, 199", "bytes=900-, 900, 999", "bytes=-50, 950, 999", "bytes=990-5000, 990, 999"})
    void end2_aRangeIs206WithContentRangeAndExactlyThoseBytes(String range, int first, int last) {
        // given
        String repo = repo();
        byte[] blob = bytes(1000);
        Digest d = pushBlob(repo, blob);
        // when
        var r = get(blobPath(repo, d), Headers.RANGE, range);
        // then
        assertEquals(206, r.statusCode());
        assertEquals("bytes " + first + "-" + last + "/1000", header(r, Headers.CONTENT_RANGE));
        assertArrayEquals(Arrays.copyOfRange(blob, first, last + 1), r.body());
    }

    @ParameterizedTest(name = "end-2: Range {0} of a 100-byte blob is 416")
    @ValueSource(strings = {"bytes=100-200", "bytes=100-", "bytes=5000-6000"})
    void end2_aRangeStartingAtOrPastTheEndIs416WithTheSizeAndAnHonestBody(String range) throws IOException {
        // given: a 100-byte blob
        String repo = repo();
        Digest d = pushBlob(repo, bytes(100));
        // when: read over a raw socket, so a body that disagrees with its Content-Length is seen, not thrown
        var r = RawHttp.get(blobPath(repo, d), Map.of(Headers.RANGE, range), "repository:" + repo + ":pull");
        // then
        assertEquals(416, r.status());
        assertEquals("bytes */100", r.header(Headers.CONTENT_RANGE));
        String length = r.header(Headers.CONTENT_LENGTH);
        if (length != null) {
            assertEquals(Long.parseLong(length), r.body().length, "the body of the 416 is as long as its Content-Length says");
        }
    }

    @ParameterizedTest(name = "end-2: the malformed Range {0} is refused or ignored, never a 5xx")
    @ValueSource(strings = {"bytes=x-y", "bytes=5-2", "bytes=-", "bytes=99999999999999999999-", "lines=1-2", "bytes 0-1"})
    void end2_aMalformedRangeIsRefusedOrIgnoredNeverA5xx(String range) throws IOException {
        // given
        String repo = repo();
        byte[] blob = bytes(100);
        Digest d = pushBlob(repo, blob);
        // when
        var r = RawHttp.get(blobPath(repo, d), Map.of(Headers.RANGE, range), "repository:" + repo + ":pull");
        // then: a 4xx, or 200 with the whole blob (RFC 9110 lets a server ignore a Range it cannot parse)
        if (r.status() == 200) {
            assertArrayEquals(blob, r.body());
        } else {
            assertClientError(r.status(), "Range " + range);
        }
    }

    @Test
    void code1_anUnknownBlobIsBlobUnknown() {
        // given: a repository that exists, without the blob
        String repo = repo();
        pushBlob(repo, bytes(10));
        Digest absent = Digest.sha256Of(bytes(10));
        // when / then
        assertError(get(blobPath(repo, absent)), 404, ErrorCode.BLOB_UNKNOWN);
        assertEquals(404, head(blobPath(repo, absent)).statusCode());
    }

    @Test
    void end10_aDeletedBlobAnswers202ThenIsBlobUnknown() {
        // given
        String repo = repo();
        Digest d = pushBlob(repo, bytes(300));
        // when
        var r = delete(blobPath(repo, d));
        // then
        assertEquals(202, r.statusCode(), () -> new String(r.body()));
        assertError(get(blobPath(repo, d)), 404, ErrorCode.BLOB_UNKNOWN);
        assertEquals(404, head(blobPath(repo, d)).statusCode());
    }
}
