package io.lading.puller.trust;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A private key for {@code lading sign}: PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), ECDSA P-256, Ed25519 or RSA.
 * The public key is derived from it, because the bundle's hint and the self-check after signing need it and
 * the JDK offers no way to ask a private key for its public half.
 */
public record SigningKey(PrivateKey key, TrustedKey publicKey) {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    public static SigningKey fromFile(Path file) {
        String pem = TrustPolicyParser.read(file, "private key file");
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new TrustPolicyException("private key file " + file + " is not a PKCS#8 PEM '" + BEGIN
                    + "' block (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new TrustPolicyException("private key file " + file + " has invalid base64 in its PEM block");
        }
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                PublicKey pub = publicOf(key);
                String pubPem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pub.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
                return new SigningKey(key, TrustedKey.fromPem(file.getFileName().toString(), pubPem));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // The DER names its algorithm; try the next kind we support.
            }
        }
        throw new TrustPolicyException("private key file " + file + " is not an ECDSA P-256, Ed25519 or RSA key");
    }

    /** Signs {@code message} and checks the signature with the derived public key, so a bad key never ships. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance(publicKey.jcaAlgorithm());
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            if (!publicKey.verifies(message, signature)) {
                throw new TrustPolicyException("the signature does not verify with the public key derived from the private key");
            }
            return signature;
        } catch (GeneralSecurityException e) {
            throw new TrustPolicyException("cannot sign with " + publicKey.name() + ": " + e.getMessage(), e);
        }
    }

    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        return switch (key) {
            case RSAPrivateCrtKey rsa -> KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            case ECPrivateKey ec -> KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(multiply(ec.getParams(), ec.getS()), ec.getParams()));
            case EdECPrivateKey ed -> ed25519PublicOf(ed.getBytes()
                    .orElseThrow(() -> new GeneralSecurityException("Ed25519 key has no seed")));
            default -> throw new GeneralSecurityException("unsupported key " + key.getAlgorithm());
        };
    }

    /** The JDK derives an Ed25519 key pair from 32 random bytes: feed it the seed to get this key's public half. */
    private static PublicKey ed25519PublicOf(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return generator.generateKeyPair().getPublic();
    }

    /** s·G on a short Weierstrass curve over a prime field, double-and-add in affine coordinates. */
    private static ECPoint multiply(ECParameterSpec params, BigInteger s) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        for (int i = s.bitLength() - 1; i >= 0; i--) {
            result = add(result, result, p, a);
            if (s.testBit(i)) {
                result = add(result, params.getGenerator(), p, a);
            }
        }
        return result;
    }

    private static ECPoint add(ECPoint u, ECPoint v, BigInteger p, BigInteger a) {
        if (u.equals(ECPoint.POINT_INFINITY)) {
            return v;
        }
        if (v.equals(ECPoint.POINT_INFINITY)) {
            return u;
        }
        BigInteger lambda;
        if (u.equals(v)) {
            if (u.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x2 = u.getAffineX().pow(2).multiply(BigInteger.valueOf(3)).add(a);
            lambda = x2.multiply(u.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            if (u.getAffineX().equals(v.getAffineX())) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = v.getAffineY().subtract(u.getAffineY())
                    .multiply(v.getAffineX().subtract(u.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.pow(2).subtract(u.getAffineX()).subtract(v.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(u.getAffineX().subtract(x)).subtract(u.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }
}
