package io.lading.puller.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lading sign}'s private keys: the public half derived from the private key is the one generated with it. */
class SigningKeyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"EC", "Ed25519", "RSA"})
    void givenGeneratedKeyPair_whenThePrivateKeyIsLoaded_thenItsDerivedPublicKeyIsTheGeneratedOne(String algorithm)
            throws Exception {
        TestKeys pair = TestKeys.generate(dir, "k", algorithm);

        SigningKey key = SigningKey.fromFile(pair.privatePem());

        TrustedKey generated = TrustedKey.fromFile(null, pair.publicPem());
        assertArrayEquals(generated.key().getEncoded(), key.publicKey().key().getEncoded());
        byte[] message = "sha256:fe5c".getBytes(StandardCharsets.UTF_8);
        assertTrue(generated.verifies(message, key.sign(message)));
        assertFalse(TrustedKey.fromFile(null, TestKeys.generate(dir, "other", algorithm).publicPem())
                .verifies(message, key.sign(message)));
    }
}
