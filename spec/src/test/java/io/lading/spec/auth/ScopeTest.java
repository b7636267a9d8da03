package io.lading.spec.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.name.InvalidNameException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {
    @Test
    void parsesRepositoryScopesWithSeveralActions() {
        Scope s = Scope.parse("repository:models/llama:pull,push");
        assertEquals("models/llama", s.name());
        assertEquals(Set.of(Action.PULL, Action.PUSH), s.actions());
        assertEquals("repository:models/llama:pull,push", s.toString());
    }

    @Test
    void parsesSpaceSeparatedScopesInOneParameter() {
        assertEquals(2, Scope.parseAll(List.of("repository:a:pull repository:b:push")).size());
    }

    @Test
    void registryScopesAreCatalogAndAdminOnly() {
        assertEquals(Set.of(Action.ADMIN), Scope.parse("registry:admin:*").actions());
        assertTrue(Scope.parse("registry:catalog:*").actions().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("registry:everything:*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"repository:a:fly", "repository:a", "repository", "image:a:pull", "repository::pull"})
    void malformedScopesAreRefused(String s) {
        assertThrows(IllegalArgumentException.class, () -> Scope.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"repository:../a:pull", "repository:*:pull", "repository:a/**:pull", "repository:A:pull"})
    void scopesCannotNamePatternsOrEscapes(String s) {
        assertThrows(InvalidNameException.class, () -> Scope.parse(s));
    }
}
