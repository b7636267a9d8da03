package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** end-12: the referrers API, fed by manifests with a subject. Skipped on registries without it, never on Lading. */
class ReferrersIT {
    private static final String SIGNATURE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /** GET end-12a/12b; the first call in a test also finds out whether the registry has the API at all. */
    private static HttpResponse<byte[]> referrers(String repo, Digest subject, String artifactType) {
        String query = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
        var r = get("/v2/" + repo + "/referrers/" + subject + query);
        Target.assumeFeature("referrers", r.statusCode() == 200, "GET /referrers answered " + r.statusCode());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertTrue(header(r, Headers.CONTENT_TYPE).startsWith(MediaTypes.OCI_INDEX), "referrers are an OCI index");
        assertEquals(MediaTypes.OCI_INDEX, json(r).path("mediaType").asText());
        return r;
    }

    @Test
    void end12a_aManifestWithASubjectIsListedWithItsArtifactType() {
        // given
        String repo = repo();
        byte[] model = pushModel(repo, "v1", "");
        Ref subject = Ref.of(MediaTypes.OCI_MANIFEST, model);
        referrers(repo, subject.digest(), null);
        byte[] sig = modelOnly(repo, subject(subject));
        // when
        var push = pushManifest(repo, Digest.sha256Of(sig).toString(), MediaTypes.OCI_MANIFEST, sig);
        // then: the push says it saw the subject, and the referrer is listed
        assertEquals(201, push.statusCode(), () -> new String(push.body()));
        assertEquals(subject.digest().toString(), header(push, Headers.OCI_SUBJECT));
        var manifests = json(referrers(repo, subject.digest(), null)).get("manifests");
        assertEquals(1, manifests.size());
        assertEquals(Digest.sha256Of(sig).toString(), manifests.get(0).get("digest").asText());
        assertEquals(sig.length, manifests.get(0).get("size").asLong());
        assertEquals(MediaTypes.OCI_MANIFEST, manifests.get(0).get("mediaType").asText());
        assertEquals(MediaTypes.MODEL_ARTIFACT, manifests.get(0).get("artifactType").asText());
    }

    @Test
    void end12b_theArtifactTypeFilterIsAppliedAndSaidSo() {
        // given
        String repo = repo();
        byte[] model = pushModel(repo, "v1", "");
        Ref subject = Ref.of(MediaTypes.OCI_MANIFEST, model);
        referrers(repo, subject.digest(), null);
        pushModel(repo, "sig", subject(subject));
        // when
        var none = referrers(repo, subject.digest(), SIGNATURE);
        var some = referrers(repo, subject.digest(), MediaTypes.MODEL_ARTIFACT);
        // then
        assertEquals("artifactType", header(none, Headers.OCI_FILTERS_APPLIED));
        assertEquals(0, json(none).get("manifests").size());
        assertEquals("artifactType", header(some, Headers.OCI_FILTERS_APPLIED));
        assertEquals(1, json(some).get("manifests").size());
    }

    @Test
    void end12a_aReferrerPushedBeforeItsSubjectIsAcceptedAndListed() {
        // given: a subject digest nothing has been pushed under
        String repo = repo();
        pushModel(repo, "early", "");
        Ref future = Ref.of(MediaTypes.OCI_MANIFEST, bytes(64));
        referrers(repo, future.digest(), null);
        // when
        pushModel(repo, "sig", subject(future));
        // then
        assertEquals(1, json(referrers(repo, future.digest(), null)).get("manifests").size());
    }

    @Test
    void end12a_aDigestWithoutReferrersIsAnEmptyIndex() {
        // given
        String repo = repo();
        pushModel(repo, "v1", "");
        // when
        var r = referrers(repo, Digest.sha256Of(bytes(9)), null);
        // then
        assertEquals(2, json(r).path("schemaVersion").asInt());
        assertEquals(0, json(r).get("manifests").size());
    }
}
