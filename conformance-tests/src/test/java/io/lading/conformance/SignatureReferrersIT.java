package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.manifest.MediaTypes;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signatures as referrers (issue 5): Sigstore bundles attached the cosign v3 way, the {@code sha256-<hex>}
 * tag fallback older clients use, and Lading's limits on both (spec/README.md). The limits are Lading's own
 * and tested only on the Lading this suite starts, which sets them low (see {@link Registry}).
 */
class SignatureReferrersIT {
    static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final int MAX_REFERRERS = 4;
    static final int MAX_BUNDLE_BYTES = 4096;
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    /** A cosign v3 shaped signature: artifactType and one layer of the bundle type, empty config, a subject. */
    private static byte[] bundleReferrer(String repo, Ref subject, byte[] bundle) {
        pushBlob(repo, EMPTY_CONFIG);
        pushBlob(repo, bundle);
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"" + BUNDLE + "\","
                + "\"config\":" + Ref.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG).json() + ","
                + "\"layers\":[" + Ref.of(BUNDLE, bundle).json() + "]" + subject(subject) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fakeBundle(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) ' ');
        byte[] head = ("{\"mediaType\":\"" + BUNDLE + "\",\"nonce\":\"" + Digest.sha256Of(bytes(16)) + "\"}").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static HttpResponse<byte[]> referrers(String repo, Digest subject, String artifactType) {
        String query = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
        var r = get("/v2/" + repo + "/referrers/" + subject + query);
        Target.assumeFeature("referrers", r.statusCode() == 200, "GET /referrers answered " + r.statusCode());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        return r;
    }

    private static Ref pushSubject(String repo) {
        return Ref.of(MediaTypes.OCI_MANIFEST, pushModel(repo, "v1", ""));
    }

    private static void assumeInProcessLading() {
        assumeTrue(Registry.isInProcessLading(), "the limits are set by the Lading this suite starts");
    }

    @Test
    void givenARepositoryNeverPushedTo_whenReferrersAreAsked_thenTheAnswerIsAnEmptyIndex() {
        // when: signers probe before the first push, with a digest nothing has
        var r = referrers(repo(), Digest.sha256Of(bytes(32)), null);
        // then
        assertTrue(header(r, Headers.CONTENT_TYPE).startsWith(MediaTypes.OCI_INDEX));
        assertEquals(2, json(r).path("schemaVersion").asInt());
        assertEquals(MediaTypes.OCI_INDEX, json(r).path("mediaType").asText());
        assertEquals(0, json(r).get("manifests").size());
    }

    @Test
    void givenASigstoreBundleReferrer_whenListedByItsArtifactType_thenItIsTheOnlyOne() {
        // given: a model, an unrelated referrer and a signature of it
        String repo = repo();
        Ref model = pushSubject(repo);
        pushModel(repo, "sbom", subject(model));
        byte[] sig = bundleReferrer(repo, model, fakeBundle(600));
        var push = pushManifest(repo, Digest.sha256Of(sig).toString(), MediaTypes.OCI_MANIFEST, sig);
        assertEquals(201, push.statusCode(), () -> new String(push.body()));
        // when
        var signatures = json(referrers(repo, model.digest(), BUNDLE)).get("manifests");
        // then
        assertEquals(1, signatures.size());
        assertEquals(Digest.sha256Of(sig).toString(), signatures.get(0).get("digest").asText());
        assertEquals(BUNDLE, signatures.get(0).get("artifactType").asText());
        assertEquals(2, json(referrers(repo, model.digest(), null)).get("manifests").size());
    }

    @Test
    void givenTheTagFallback_whenAnIndexIsPushedUnderSha256DashHex_thenItReadsBackAndTheReferrerIsListed() {
        // given: a signature pushed, then listed in an index tagged sha256-<hex of the subject>, as oras and cosign 1.x do
        String repo = repo();
        Ref model = pushSubject(repo);
        byte[] sig = bundleReferrer(repo, model, fakeBundle(700));
        assertEquals(201, pushManifest(repo, Digest.sha256Of(sig).toString(), MediaTypes.OCI_MANIFEST, sig).statusCode());
        byte[] index = index(List.of(Ref.of(MediaTypes.OCI_MANIFEST, sig))).getBytes(StandardCharsets.UTF_8);
        String fallbackTag = "sha256-" + model.digest().hex();
        // when
        var push = pushManifest(repo, fallbackTag, MediaTypes.OCI_INDEX, index);
        // then: the tag holds the exact index, is listed, and the referrers API agrees with it
        assertEquals(201, push.statusCode(), () -> new String(push.body()));
        var pulled = pullManifest(repo, fallbackTag);
        assertEquals(200, pulled.statusCode());
        assertArrayEquals(index, pulled.body());
        assertTrue(strings(json(get("/v2/" + repo + "/tags/list")).get("tags")).contains(fallbackTag));
        var listed = json(referrers(repo, model.digest(), null)).get("manifests");
        assertEquals(1, listed.size());
        assertEquals(Digest.sha256Of(sig).toString(), listed.get(0).get("digest").asText());
    }

    @Test
    void givenASubjectAtTheReferrerLimit_whenOneMoreIsPushed_thenItIsRefusedAndRepushesStillWork() {
        // given
        assumeInProcessLading();
        String repo = repo();
        Ref model = pushSubject(repo);
        byte[] first = null;
        for (int i = 0; i < MAX_REFERRERS; i++) {
            byte[] sig = bundleReferrer(repo, model, fakeBundle(300));
            assertEquals(201, pushManifest(repo, Digest.sha256Of(sig).toString(), MediaTypes.OCI_MANIFEST, sig).statusCode());
            first = first == null ? sig : first;
        }
        // when
        byte[] extra = bundleReferrer(repo, model, fakeBundle(300));
        var refused = pushManifest(repo, Digest.sha256Of(extra).toString(), MediaTypes.OCI_MANIFEST, extra);
        var again = pushManifest(repo, Digest.sha256Of(first).toString(), MediaTypes.OCI_MANIFEST, first);
        // then: a clear OCI error, the list is unchanged, and the same bytes again are no new referrer
        assertError(refused, 400, ErrorCode.MANIFEST_INVALID);
        assertTrue(new String(refused.body()).contains("referrers"), () -> new String(refused.body()));
        assertEquals(201, again.statusCode(), () -> new String(again.body()));
        assertEquals(MAX_REFERRERS, json(referrers(repo, model.digest(), null)).get("manifests").size());
    }

    @Test
    void givenABundleOverTheSizeLimit_whenItsManifestIsPushed_thenItIsRefusedAndNotListed() {
        // given
        assumeInProcessLading();
        String repo = repo();
        Ref model = pushSubject(repo);
        byte[] big = bundleReferrer(repo, model, fakeBundle(MAX_BUNDLE_BYTES + 1));
        byte[] fits = bundleReferrer(repo, model, fakeBundle(MAX_BUNDLE_BYTES));
        // when
        var refused = pushManifest(repo, Digest.sha256Of(big).toString(), MediaTypes.OCI_MANIFEST, big);
        var accepted = pushManifest(repo, Digest.sha256Of(fits).toString(), MediaTypes.OCI_MANIFEST, fits);
        // then
        assertError(refused, 400, ErrorCode.MANIFEST_INVALID);
        assertTrue(new String(refused.body()).contains("bundle"), () -> new String(refused.body()));
        assertEquals(201, accepted.statusCode(), () -> new String(accepted.body()));
        var listed = json(referrers(repo, model.digest(), BUNDLE)).get("manifests");
        assertEquals(1, listed.size());
        assertEquals(Digest.sha256Of(fits).toString(), listed.get(0).get("digest").asText());
    }
}
