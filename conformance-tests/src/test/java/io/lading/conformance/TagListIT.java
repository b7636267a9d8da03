package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import io.lading.spec.error.ErrorCode;
import io.lading.spec.manifest.MediaTypes;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** end-8a/8b: listing tags in lexical order, a page at a time with n, last and Link. */
class TagListIT {
    // Lower case only: the spec's "lexical (case-insensitive alphanumeric)" order and byte order agree on these.
    private static final List<String> TAGS = List.of("v2", "b1", "v10", "a");
    private static final List<String> SORTED = List.of("a", "b1", "v10", "v2");

    /** A repository with the tags of TAGS, all on one manifest. */
    private static String tagged() {
        String repo = repo();
        byte[] m = modelOnly(repo, "");
        for (String tag : TAGS) {
            assertEquals(201, pushManifest(repo, tag, MediaTypes.OCI_MANIFEST, m).statusCode());
        }
        return repo;
    }

    /** The target of a {@code Link: <url>; rel="next"} header, or null when there is none. */
    static String next(String link) {
        if (link == null) {
            return null;
        }
        assertTrue(link.matches("<[^>]+>;\\s*rel=\"next\""), () -> "Link is <url>; rel=\"next\": " + link);
        return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String kv : q == null ? new String[0] : q.split("&")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    @Test
    void end8a_tagsAreListedInLexicalOrder() {
        // given
        String repo = tagged();
        // when
        var r = get("/v2/" + repo + "/tags/list");
        // then
        assertEquals(200, r.statusCode());
        assertEquals(repo, json(r).get("name").asText());
        assertEquals(SORTED, strings(json(r).get("tags")));
    }

    @Test
    void end8b_nGivesAPageAndLinkPointsAtTheNextOne() {
        // given
        String repo = tagged();
        // when
        var first = get("/v2/" + repo + "/tags/list?n=2");
        // then: the first two, and a Link to the rest naming n and the last tag given
        assertEquals(200, first.statusCode());
        assertEquals(SORTED.subList(0, 2), strings(json(first).get("tags")));
        String next = next(header(first, Headers.LINK));
        assertNotNull(next, "more tags follow, so the response has a Link header");
        assertEquals("/v2/" + repo + "/tags/list", URI.create(next).getPath());
        assertEquals(Map.of("n", "2", "last", "b1"), query(next));
        // and following Links gives every other tag once, in order
        List<String> rest = new ArrayList<>();
        for (int page = 0; next != null && page < 10; page++) {
            var r = get(next);
            assertEquals(200, r.statusCode());
            rest.addAll(strings(json(r).get("tags")));
            next = next(header(r, Headers.LINK));
        }
        assertEquals(SORTED.subList(2, 4), rest);
    }

    @Test
    void end8b_lastStartsAfterTheNamedTag() {
        // given
        String repo = tagged();
        // when
        var withN = get("/v2/" + repo + "/tags/list?n=1&last=b1");
        var withoutN = get("/v2/" + repo + "/tags/list?last=b1");
        // then
        assertEquals(List.of("v10"), strings(json(withN).get("tags")));
        assertEquals(List.of("v10", "v2"), strings(json(withoutN).get("tags")), "n is optional with last");
    }

    @Test
    void end8b_nZeroIsAnEmptyListWithoutLink() {
        // given
        String repo = tagged();
        // when
        var r = get("/v2/" + repo + "/tags/list?n=0");
        // then: "When n is zero, this endpoint MUST return an empty list, and MUST NOT include a Link header"
        assertEquals(200, r.statusCode());
        assertEquals(List.of(), strings(json(r).path("tags")));
        assertNull(header(r, Headers.LINK));
    }

    @Test
    void code9_theTagsOfAnUnknownRepositoryAreNameUnknown() {
        // when / then
        assertError(get("/v2/" + repo() + "/tags/list"), 404, ErrorCode.NAME_UNKNOWN);
    }
}
