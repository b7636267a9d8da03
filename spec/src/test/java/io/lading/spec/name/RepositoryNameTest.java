package io.lading.spec.name;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.InvalidDigestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "models/llama-70b", "a/b/c", "a.b_c__d--e", "0x/1"})
    void acceptsSpecGrammar(String s) {
        assertEquals(s, RepositoryName.parse(s).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Models/x", "a/../b", "..", "a//b", "/a", "a/", "a..b", "-a", "a-", "a b", "a%2fb", "a\\b"})
    void rejectsNamesOutsideTheGrammar(String s) {
        assertThrows(InvalidNameException.class, () -> RepositoryName.parse(s));
    }

    @Test
    void rejectsNamesOver255Characters() {
        assertDoesNotThrow(() -> RepositoryName.parse("a".repeat(255)));
        assertThrows(InvalidNameException.class, () -> RepositoryName.parse("a".repeat(256)));
    }

    @Test
    void referenceIsATagOrADigest() {
        assertInstanceOf(Tag.class, Reference.parse("v1.0"));
        assertInstanceOf(DigestReference.class,
                Reference.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        assertThrows(InvalidNameException.class, () -> Reference.parse(".hidden"));
        assertThrows(InvalidNameException.class, () -> Reference.parse("x".repeat(129)));
        assertThrows(InvalidDigestException.class, () -> Reference.parse("sha256:nothex"));
    }
}
