package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.spec.api.Headers;
import io.lading.spec.chunk.ChunkBitset;
import io.lading.spec.digest.Digest;
import io.lading.spec.error.ErrorCode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Lading's LAN peer tracker, step by step as spec/peers.md describes it: two hosts of one rack join, one holds a
 * blob and the other is downloading it, each finds the other, both leave. Skipped on registries other than Lading.
 */
class PeerTrackerIT {
    private static final String JSON = "application/json";

    @Test
    void twoHostsOfOneRackFindEachOtherThroughTheTracker() {
        Target.assumeFeature("peers", Target.isLading(), "not a Lading registry");
        // given: a blob, its chunk count from the chunk index, and a pull token for its repository
        String repo = repo();
        Digest blob = pushBlob(repo, bytes(2_500_000));
        int chunkCount = json(get(chunkIndexPath(blob, repo))).get("chunks").size();
        String token = c().tokenFor("repository:" + repo + ":pull");
        String seeder = peerId("seeder");
        String downloader = peerId("downloader");
        String rack = "{\"region\":\"r1\",\"zone\":\"z1\",\"rack\":\"k1\"}";

        // when: both join (PUT /lading/v1/peers/{peerId}) ...
        var joined = send(token, "PUT", "/lading/v1/peers/" + seeder, "{\"url\":\"http://10.0.0.2:7071\",\"labels\":" + rack + "}");
        assertEquals(200, joined.statusCode(), () -> new String(joined.body()));
        JsonNode lease = json(joined);
        assertTrue(lease.get("heartbeatSeconds").asInt() >= 1);
        assertTrue(lease.get("expiresAfterSeconds").asInt() >= lease.get("heartbeatSeconds").asInt());
        assertTrue(lease.get("fresh").asBoolean());
        assertEquals(200, send(token, "PUT", "/lading/v1/peers/" + downloader,
                "{\"url\":\"http://10.0.0.3:7071\",\"labels\":" + rack + "}").statusCode());
        // ... and announce (POST /lading/v1/peers/{peerId}/blobs): one holds it all, the other chunk 0 so far
        assertEquals(200, send(token, "POST", "/lading/v1/peers/" + seeder + "/blobs", "{\"repository\":\"" + repo
                + "\",\"blobs\":[{\"digest\":\"" + blob + "\",\"size\":2500000,\"complete\":true}]}").statusCode());
        String chunk0 = ChunkBitset.of(chunkCount, 0).toBase64();
        assertEquals(200, send(token, "POST", "/lading/v1/peers/" + downloader + "/blobs", "{\"repository\":\"" + repo
                + "\",\"blobs\":[{\"digest\":\"" + blob + "\",\"chunks\":\"" + chunk0 + "\"}]}").statusCode());

        // then: each asking (GET /lading/v1/peers/blobs/{digest}) finds the other in its rack, never itself
        JsonNode forDownloader = json(send(token, "GET", query(blob, repo, downloader), null));
        assertEquals(chunkCount, forDownloader.get("chunkCount").asInt());
        assertEquals(1, forDownloader.get("peers").size(), forDownloader::toString);
        JsonNode s = forDownloader.get("peers").get(0);
        assertEquals(seeder, s.get("id").asText());
        assertEquals("http://10.0.0.2:7071", s.get("url").asText());
        assertEquals("rack", s.get("distance").asText());
        assertTrue(s.get("complete").asBoolean());
        assertEquals(ChunkBitset.full(chunkCount).toBase64(), s.get("chunks").asText());
        JsonNode d = json(send(token, "GET", query(blob, repo, seeder), null)).get("peers").get(0);
        assertEquals(downloader, d.get("id").asText());
        assertEquals(chunk0, d.get("chunks").asText());
        assertFalse(d.get("complete").asBoolean());

        // and when both leave (DELETE /lading/v1/peers/{peerId}), nobody is offered
        assertEquals(204, send(token, "DELETE", "/lading/v1/peers/" + seeder, null).statusCode());
        assertEquals(204, send(token, "DELETE", "/lading/v1/peers/" + downloader, null).statusCode());
        assertEquals(0, json(send(token, "GET", query(blob, repo, null), null)).get("peers").size());
    }

    @Test
    void askingThroughARepositoryThatDoesNotHoldTheBlobIsBlobUnknown() {
        Target.assumeFeature("peers", Target.isLading(), "not a Lading registry");
        String repo = repo();
        pushBlob(repo, bytes(10));
        // code-1, as a blob GET through that repository answers
        assertError(get(query(Digest.sha256Of(bytes(10)), repo, null)), 404, ErrorCode.BLOB_UNKNOWN);
    }

    private static String peerId(String role) {
        return "conf-" + role + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    private static String query(Digest blob, String repo, String asker) {
        return "/lading/v1/peers/blobs/" + blob + "?repository=" + repo + (asker == null ? "" : "&peer=" + asker);
    }

    /** With the repository's pull token up front: an announce names its repository in the body, not the path. */
    private static HttpResponse<byte[]> send(String token, String method, String path, String body) {
        var b = c().request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header(Headers.CONTENT_TYPE, JSON);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return c().send(b);
    }
}
