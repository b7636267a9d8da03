package io.lading.puller.trust;

/** What checking one bundle against one rule proved: a signer, or the one-line reason it did not. */
public sealed interface BundleOutcome {

    record Verified(Signer signer) implements BundleOutcome {
    }

    record Failed(String reason) implements BundleOutcome {
    }

    static BundleOutcome failed(String reason) {
        return new Failed(reason);
    }
}
