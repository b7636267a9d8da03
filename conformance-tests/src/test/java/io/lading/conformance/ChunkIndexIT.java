package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.manifest.MediaTypes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lading's chunk index (spec/chunk-index.md). Skipped on registries that do not serve it, never on Lading. */
class ChunkIndexIT {

    @Test
    void everyChunkDigestIsTheSha256OfItsSliceOfTheBlob() {
        // given: a blob of 2.5 MB (several chunks when the chunk size is small, one otherwise)
        String repo = repo();
        byte[] blob = bytes(2_500_000);
        Digest d = pushBlob(repo, blob);
        // when
        var r = get(chunkIndexPath(d, repo));
        // then
        Target.assumeFeature("chunks", r.statusCode() == 200, "GET /lading/v1/blobs/<digest>/chunks answered " + r.statusCode());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertTrue(header(r, Headers.CONTENT_TYPE).startsWith(MediaTypes.CHUNK_INDEX));
        var index = json(r);
        assertEquals(d.toString(), index.get("digest").asText());
        assertEquals(blob.length, index.get("size").asLong());
        assertEquals("sha256", index.get("chunkAlgorithm").asText());
        long chunkSize = index.get("chunkSize").asLong();
        assertTrue(chunkSize > 0);
        int count = (int) ((blob.length + chunkSize - 1) / chunkSize);
        assertEquals(count, index.get("chunks").size());
        for (int i = 0; i < count; i++) {
            int from = (int) (i * chunkSize);
            byte[] slice = Arrays.copyOfRange(blob, from, (int) Math.min(blob.length, from + chunkSize));
            assertEquals(Digest.sha256Of(slice).toString(), index.get("chunks").get(i).asText(), "chunk " + i);
        }
    }

    @Test
    void theChunkIndexOfAnUnknownBlobIsBlobUnknown() {
        Target.assumeNotDeclaredMissing("chunks");
        // given: a repository without the blob
        String repo = repo();
        pushBlob(repo, bytes(10));
        Target.assumeFeature("chunks", Target.isLading(), "not a Lading registry");
        // when / then
        assertError(get(chunkIndexPath(Digest.sha256Of(bytes(10)), repo)), 404, ErrorCode.BLOB_UNKNOWN);
    }
}
