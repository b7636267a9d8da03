package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.manifest.MediaTypes;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** end-3 (GET/HEAD manifests) and end-9 (DELETE), by tag and by digest. */
class ManifestPullIT {

    @Test
    void end3_aManifestPulledByTagOrDigestIsTheExactBytesPushedWithItsType() {
        // given
        String repo = repo();
        byte[] m = pushModel(repo, "v1", "");
        Digest d = Digest.sha256Of(m);
        for (String reference : List.of("v1", d.toString())) {
            // when
            var r = pullManifest(repo, reference);
            // then
            assertEquals(200, r.statusCode(), reference);
            assertArrayEquals(m, r.body(), reference);
            assertEquals(MediaTypes.OCI_MANIFEST, header(r, Headers.CONTENT_TYPE), reference);
            assertEquals(d.toString(), header(r, Headers.DOCKER_CONTENT_DIGEST), reference);
        }
    }

    @Test
    void end3_headOfAManifestGivesItsLengthDigestAndType() {
        // given
        String repo = repo();
        byte[] m = pushModel(repo, "v1", "");
        // when
        var r = head(manifestPath(repo, "v1"), Headers.ACCEPT, MediaTypes.OCI_MANIFEST);
        // then
        assertEquals(200, r.statusCode());
        assertEquals(Integer.toString(m.length), header(r, Headers.CONTENT_LENGTH));
        assertEquals(Digest.sha256Of(m).toString(), header(r, Headers.DOCKER_CONTENT_DIGEST));
        assertEquals(MediaTypes.OCI_MANIFEST, header(r, Headers.CONTENT_TYPE));
    }

    @Test
    void end3_aTagMovedToAnotherManifestGivesTheNewOne() {
        // given
        String repo = repo();
        pushModel(repo, "prod", "");
        // when
        byte[] second = pushModel(repo, "prod", ",\"annotations\":{\"v\":\"2\"}");
        // then
        assertArrayEquals(second, pullManifest(repo, "prod").body());
    }

    @Test
    void code7_anUnknownManifestIsManifestUnknown() {
        // given: a repository that exists
        String repo = repo();
        pushModel(repo, "v1", "");
        // when / then, by tag and by digest
        assertError(pullManifest(repo, "nope"), 404, ErrorCode.MANIFEST_UNKNOWN);
        assertError(pullManifest(repo, Digest.sha256Of(bytes(8)).toString()), 404, ErrorCode.MANIFEST_UNKNOWN);
        assertEquals(404, head(manifestPath(repo, "nope")).statusCode());
    }

    @Test
    void end9_aManifestDeletedByDigestIs202ThenManifestUnknown() {
        // given
        String repo = repo();
        Digest d = Digest.sha256Of(pushModel(repo, "v1", ""));
        // when
        var r = delete(manifestPath(repo, d.toString()));
        // then
        assertEquals(202, r.statusCode(), () -> new String(r.body()));
        assertError(pullManifest(repo, d.toString()), 404, ErrorCode.MANIFEST_UNKNOWN);
    }

    @Test
    void end9_aDeletedTagIs202AndTheManifestStaysByDigest() {
        // given
        String repo = repo();
        Digest d = Digest.sha256Of(pushModel(repo, "gone", ""));
        // when
        var r = delete(manifestPath(repo, "gone"));
        // then: "If tag deletion is disabled, the registry MUST respond with either a 400 or a 405"
        Target.assumeFeature("tag-delete", r.statusCode() != 400 && r.statusCode() != 405,
                "DELETE by tag answered " + r.statusCode() + " " + new String(r.body()));
        assertEquals(202, r.statusCode(), () -> new String(r.body()));
        assertError(pullManifest(repo, "gone"), 404, ErrorCode.MANIFEST_UNKNOWN);
        assertEquals(200, pullManifest(repo, d.toString()).statusCode());
    }

    static List<Named<String>> malformedReferences() {
        return List.of(Named.of(".bad", ".bad"), Named.of("-bad", "-bad"), Named.of("sha256:zz", "sha256:zz"), Named.of("sha256:", "sha256:"),
                Named.of("md5:d41d8cd98f00b204e9800998ecf8427e", "md5:d41d8cd98f00b204e9800998ecf8427e"), Named.of("a%20b", "a%20b"),
                Named.of("a 129-character tag", "x".repeat(129)));
    }

    @ParameterizedTest(name = "end-3/end-7: the malformed reference {0} is 400, never a 5xx")
    @MethodSource("malformedReferences")
    void end3_end7_aMalformedReferenceIs400NeverA5xx(String reference) {
        // given
        String repo = repo();
        byte[] m = pushModel(repo, "v1", "");
        // when
        var pull = pullManifest(repo, reference);
        var push = pushManifest(repo, reference, MediaTypes.OCI_MANIFEST, m);
        // then: 400, or the 404 of end-3/end-7 from registries that route such paths nowhere; Lading says 400
        for (var r : List.of(pull, push)) {
            String what = r.request().method() + " " + reference + ": " + r.statusCode() + " " + new String(r.body());
            assertTrue(r.statusCode() == 400 || (r.statusCode() == 404 && !Target.isLading()), what);
        }
    }
}
