package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digests of pushed blobs: sha512 (image-spec's other registered algorithm), unknown and malformed digests (code-4). */
class BlobDigestIT {

    @Test
    void end6_aBlobPushedAsSha512IsNamedBySha512() {
        Target.assumeNotDeclaredMissing("sha512");
        // given
        String repo = repo();
        byte[] blob = bytes(4096);
        Digest d = Digest.compute(DigestAlgorithm.SHA512, blob);
        // when
        var r = put(withQuery(startUpload(repo), "digest=" + d), OCTET_STREAM, blob);
        if (r.statusCode() == 400) {
            Target.assumeFeature("sha512", false, "PUT ?digest=sha512:... answered 400 " + new String(r.body()));
        }
        // then: created and readable by the sha512 digest
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        var read = get(blobPath(repo, d));
        assertEquals(200, read.statusCode());
        assertArrayEquals(blob, read.body());
        // The spec lets Docker-Content-Digest be a canonical digest of another algorithm, but it must name this content.
        Digest named = Digest.parse(header(r, Headers.DOCKER_CONTENT_DIGEST));
        assertEquals(Digest.compute(named.algorithm(), blob), named, "Docker-Content-Digest names the content");
        Target.assumeFeature("sha512", named.algorithm() == DigestAlgorithm.SHA512, "it names sha512 content by " + named);
        assertEquals(d, named);
        assertEquals(d.toString(), header(read, Headers.DOCKER_CONTENT_DIGEST));
    }

    @ParameterizedTest(name = "code-4: PUT ?digest={0} (an unknown algorithm) is 400")
    @ValueSource(strings = {"md5:d41d8cd98f00b204e9800998ecf8427e", "whirlpool:0123456789abcdef"})
    void code4_aPutNamingAnUnknownDigestAlgorithmIs400(String digest) {
        // given
        String location = startUpload(repo());
        // when
        var r = put(withQuery(location, "digest=" + digest), OCTET_STREAM, bytes(10));
        // then
        assertError(r, 400, ErrorCode.DIGEST_INVALID, ErrorCode.UNSUPPORTED);
    }

    @ParameterizedTest(name = "code-4: PUT ?digest={0} (malformed) is 400")
    @ValueSource(strings = {"sha256:nothex", "sha256:abc", "sha256", "sha256:"})
    void code4_aPutWithAMalformedDigestIs400(String digest) {
        // given
        String location = startUpload(repo());
        // when
        var r = put(withQuery(location, "digest=" + digest), OCTET_STREAM, bytes(10));
        // then
        assertError(r, 400, ErrorCode.DIGEST_INVALID);
    }

    @Test
    void code4_aPutWithoutADigestIs400() {
        // given
        String location = startUpload(repo());
        // when: "The closing PUT request MUST include the <digest> of the whole blob"
        var r = put(location, OCTET_STREAM, bytes(10));
        // then
        assertEquals(400, r.statusCode(), () -> new String(r.body()));
    }

    @Test
    void end2_aBlobPathWithAMalformedDigestIsRefusedNeverA5xx() {
        // given
        String repo = repo();
        pushBlob(repo, bytes(10));
        // when
        var r = get("/v2/" + repo + "/blobs/sha256:zz");
        // then
        assertClientError(r.statusCode(), "GET /blobs/sha256:zz");
    }
}
