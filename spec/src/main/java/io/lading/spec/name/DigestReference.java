package io.lading.spec.name;

import io.lading.spec.digest.Digest;

/** A manifest reference that names content by digest. */
public record DigestReference(Digest digest) implements Reference {
    @Override
    public String toString() {
        return digest.toString();
    }
}
