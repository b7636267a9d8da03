package io.lading.spec.digest;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesSha256AndSha512() {
        Digest d = Digest.parse(EMPTY_SHA256);
        assertEquals(DigestAlgorithm.SHA256, d.algorithm());
        assertEquals(EMPTY_SHA256, d.toString());
        Digest s512 = Digest.compute(DigestAlgorithm.SHA512, new byte[0]);
        assertEquals(s512, Digest.parse(s512.toString()));
        assertEquals(128, s512.hex().length());
    }

    @Test
    void computesTheDigestOfContent() {
        assertEquals(EMPTY_SHA256, Digest.sha256Of(new byte[0]).toString());
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.sha256Of("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "sha256:XYZ", "SHA256:" + "a",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:../../etc/passwd", "sha256:e3b0/c4"})
    void rejectsMalformedDigests(String s) {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(s));
        assertFalse(e.unsupportedAlgorithm(), s);
    }

    @Test
    void rejectsUnknownAlgorithmsAsUnsupported() {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"));
        assertTrue(e.unsupportedAlgorithm());
    }

    @Test
    void relativePathFansOutByTheFirstTwoHexCharacters() {
        assertEquals("sha256/e3/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Digest.parse(EMPTY_SHA256).relativePath());
    }
}
