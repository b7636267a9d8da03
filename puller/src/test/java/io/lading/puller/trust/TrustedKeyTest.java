package io.lading.puller.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Public keys for keyed bundles: the kinds we support, the one curve we do not. */
class TrustedKeyTest {

    @Test
    void givenKeyFromTheFixtureGenerator_whenParsed_thenItsFingerprintIsTheHintTheSignerWrote() throws Exception {
        TrustedKey key = TrustedKey.fromPem(null, new String(SigstoreFixtures.bytes("key-ecdsa.pub.pem"),
                StandardCharsets.UTF_8));
        String hint = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(SigstoreFixtures.bytes("keyed-ecdsa-blob.sigstore.json"))
                .path("verificationMaterial").path("publicKey").path("hint").asText();

        assertEquals(hint, key.fingerprint());
        assertEquals("SHA256withECDSA", key.jcaAlgorithm());
    }

    @Test
    void givenJdkSignature_whenVerified_thenOnlyTheSignedMessagePasses() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update("manifest".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();

        TrustedKey key = TrustedKey.fromPem("k", pem(pair.getPublic().getEncoded()));

        assertTrue(key.verifies("manifest".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(key.verifies("manifesT".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(key.verifies("manifest".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}));
    }

    @Test
    void givenP384Key_whenParsed_thenRejectedAsAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String pem = pem(generator.generateKeyPair().getPublic().getEncoded());

        TrustPolicyException e = assertThrows(TrustPolicyException.class, () -> TrustedKey.fromPem("big", pem));

        assertEquals("key 'big' is an EC key on a curve other than P-256", e.getMessage());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
