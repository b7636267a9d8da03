package io.lading.conformance;

import static io.lading.conformance.Content.*;
import static io.lading.conformance.Http.*;
import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.api.Headers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog ({@code /v2/_catalog}), paged with n, last and Link like the tag list. */
class CatalogIT {

    @Test
    void theCatalogPagesThroughEveryRepositoryInLexicalOrder() {
        // given: two repositories among whatever else the registry holds
        String a = repo();
        String b = repo();
        pushModel(a, "v1", "");
        pushModel(b, "v1", "");
        // when: following Link from the first page of 50 to the last
        List<String> seen = new ArrayList<>();
        String next = "/v2/_catalog?n=50";
        int pages = 0;
        for (; next != null && pages < 10_000; pages++) {
            var r = get(next);
            assertEquals(200, r.statusCode(), () -> new String(r.body()));
            List<String> page = strings(json(r).get("repositories"));
            assertTrue(page.size() <= 50, () -> "a page holds at most n: " + page.size());
            seen.addAll(page);
            next = TagListIT.next(header(r, Headers.LINK));
        }
        // then
        assertNull(next, "the pages end");
        assertTrue(seen.contains(a) && seen.contains(b), () -> seen.size() + " repositories seen, not both of ours");
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(sorted, seen, "repositories come in lexical order, each once, across pages");
    }

    @Test
    void theCatalogLastParameterStartsAfterTheNamedRepository() {
        // given
        String a = repo();
        pushModel(a, "v1", "");
        // when
        var r = get("/v2/_catalog?n=5&last=" + a);
        // then
        assertEquals(200, r.statusCode());
        List<String> page = strings(json(r).get("repositories"));
        assertTrue(page.size() <= 5);
        assertTrue(page.stream().allMatch(name -> name.compareTo(a) > 0), () -> "every name sorts after " + a + ": " + page);
    }
}
