package io.lading.spec.name;

import io.lading.spec.digest.Digest;

/** The {@code <reference>} of a manifest URL: a tag, or a digest. */
public sealed interface Reference permits Tag, DigestReference {

    static Reference parse(String s) {
        if (Digest.looksLikeDigest(s)) {
            return new DigestReference(Digest.parse(s));
        }
        return Tag.parse(s);
    }
}
