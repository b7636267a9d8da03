package io.lading.puller.trust;

import java.time.Instant;
import java.util.Optional;

/** What checking one bundle against one rule proved: a signer, or the one-line reason it did not. */
public sealed interface BundleOutcome {

    /** @param signedAt the signing time the bundle proves (a verified log time, else a key-signed claim) */
    record Verified(Signer signer, Optional<Instant> signedAt) implements BundleOutcome {
    }

    record Failed(String reason) implements BundleOutcome {
    }

    static BundleOutcome failed(String reason) {
        return new Failed(reason);
    }
}
