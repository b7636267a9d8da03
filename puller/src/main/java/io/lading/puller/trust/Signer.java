package io.lading.puller.trust;

/**
 * Who a verified bundle proves signed the version, for /status, logs and {@code lading verify}.
 *
 * @param kind   {@code keyless} (a Fulcio certificate) or {@code key}
 * @param who    the certificate identity (SAN), or the trusted key's name
 * @param issuer the OIDC issuer for keyless signers; the key's fingerprint for keys
 */
public record Signer(String kind, String who, String issuer) {

    public static Signer keyless(String identity, String issuer) {
        return new Signer("keyless", identity, issuer);
    }

    public static Signer key(TrustedKey key) {
        return new Signer("key", key.name(), "sha256:" + key.fingerprint());
    }

    @Override
    public String toString() {
        return kind.equals("keyless") ? who + " (issuer " + issuer + ")" : "key " + who;
    }
}
