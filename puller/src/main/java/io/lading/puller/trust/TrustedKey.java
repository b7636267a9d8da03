package io.lading.puller.trust;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A public key a rule trusts for keyed bundles (cosign --key), verified with the JDK's own crypto:
 * ECDSA P-256 and RSA over SHA-256, and Ed25519 (which signs the message itself).
 *
 * @param name        what reports call the key: the name in the policy, else its fingerprint
 * @param fingerprint hex SHA-256 of the key's DER (SPKI) encoding, the hint cosign-style bundles carry
 */
public record TrustedKey(String name, String fingerprint, PublicKey key, String jcaAlgorithm) {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final int P256_FIELD_BITS = 256;

    /** Parses one PEM {@code PUBLIC KEY} block; {@code name} may be null. */
    public static TrustedKey fromPem(String name, String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new TrustPolicyException("key " + label(name) + " is not a PEM '" + BEGIN + "' block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new TrustPolicyException("key " + label(name) + " has invalid base64 in its PEM block");
        }
        String fingerprint = fingerprint(der);
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return new TrustedKey(name == null ? "sha256:" + fingerprint : name, fingerprint, key, jca(key, name));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // The DER names its algorithm; try the next kind we support.
            }
        }
        throw new TrustPolicyException("key " + label(name) + " is not an ECDSA P-256, Ed25519 or RSA public key");
    }

    /** Reads a PEM public-key file; the key is named {@code name}, or after its fingerprint when null. */
    public static TrustedKey fromFile(String name, Path file) {
        return fromPem(name, TrustPolicyParser.read(file, "key file"));
    }

    /** Whether {@code signature} is this key's signature over {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jcaAlgorithm);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException malformedSignature) {
            return false;
        }
    }

    static String fingerprint(byte[] spkiDer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spkiDer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String jca(PublicKey key, String name) {
        return switch (key.getAlgorithm()) {
            case "EC" -> {
                if (((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS) {
                    throw new TrustPolicyException("key " + label(name) + " is an EC key on a curve other than P-256");
                }
                yield "SHA256withECDSA";
            }
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    private static String label(String name) {
        return name == null ? "(unnamed)" : "'" + name + "'";
    }
}
