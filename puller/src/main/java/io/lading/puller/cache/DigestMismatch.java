package io.lading.puller.cache;

import io.lading.spec.digest.Digest;

/** Bytes that were meant to be a blob hashed to something else; nothing was stored under the digest. */
public final class DigestMismatch extends CacheFailure {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatch(Digest expected, Digest actual, String where) {
        super("blob " + expected + " " + where + " hashed to " + actual
                + "; the bytes were discarded and nothing was stored under " + expected, null);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
