package io.lading.puller.trust;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.util.HexFormat;

/**
 * The exact manifest bytes the puller received and the digest it computed from them. Checked here
 * again because the digest is what every signature binds: it must never come from a header.
 */
public record ManifestSubject(byte[] bytes, Digest digest) {

    public ManifestSubject {
        if (digest.algorithm() != DigestAlgorithm.SHA256) {
            throw new IllegalArgumentException("Sigstore bundles sign sha256 digests; manifest " + digest
                    + " uses " + digest.algorithm().id());
        }
        if (!Digest.sha256Of(bytes).equals(digest)) {
            throw new IllegalArgumentException("manifest bytes hash to " + Digest.sha256Of(bytes)
                    + ", not the " + digest + " given");
        }
    }

    public static ManifestSubject of(byte[] bytes) {
        return new ManifestSubject(bytes, Digest.sha256Of(bytes));
    }

    public byte[] sha256() {
        return HexFormat.of().parseHex(digest.hex());
    }
}
