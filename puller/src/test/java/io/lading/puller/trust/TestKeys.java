package io.lading.puller.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A key pair written as PEM files the way operators keep them (PKCS#8 private, SPKI public), and signing with it. */
public record TestKeys(Path privatePem, Path publicPem) {

    /** {@code algorithm}: {@code EC} (P-256) or {@code Ed25519}. */
    public static TestKeys generate(Path dir, String name, String algorithm) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair pair = generator.generateKeyPair();
        return new TestKeys(Files.writeString(dir.resolve(name + ".pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded())),
                Files.writeString(dir.resolve(name + ".pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Runs {@code lading sign --json --key <private> <reference>} against a registry; returns the referrer's digest. */
    public String sign(String registryUrl, String reference) throws IOException {
        RegistryCli run = RegistryCli.run(registryUrl, "sign", "--json", "--key", privatePem.toString(), reference);
        if (run.exit() != 0) {
            throw new AssertionError("lading sign " + reference + " exited " + run.exit() + ": " + run.err());
        }
        return new ObjectMapper().readTree(run.out()).path("referrer").asText();
    }
}
