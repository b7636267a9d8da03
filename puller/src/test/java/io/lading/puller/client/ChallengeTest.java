package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void givenBearerChallengeWithTwoScopes_whenParsed_thenRealmServiceAndBothScopes() {
        Challenge c = Challenge.parse("Bearer realm=\"https://r.example/token\",service=\"lading-registry\","
                + "scope=\"repository:a/b:pull,push repository:c:pull\",error=\"insufficient_scope\"");

        assertTrue(c.isBearer());
        assertEquals("https://r.example/token", c.realm());
        assertEquals("lading-registry", c.service());
        assertEquals(List.of("repository:a/b:pull,push", "repository:c:pull"), c.scopes());
    }

    @Test
    void givenBasicOrMissingChallenge_whenParsed_thenBasicOrNull() {
        assertTrue(Challenge.parse("Basic realm=\"lading\"").isBasic());
        assertNull(Challenge.parse(null));
        assertNull(Challenge.parse("  "));
    }

    @Test
    void givenScopesOfOneRepository_whenMerged_thenOneScopeWithTheUnionOfActions() {
        assertEquals(List.of("registry:admin:*", "repository:a:pull,push", "repository:b:pull", "vendor:thing:x"),
                List.copyOf(Scopes.merge(List.of("repository:a:pull", "repository:b:pull", "repository:a:push", "registry:admin:*", "vendor:thing:x"))));
    }
}
