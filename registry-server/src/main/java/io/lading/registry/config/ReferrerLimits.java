package io.lading.registry.config;

/**
 * Bounds on what signers may attach to a manifest, so a stolen push token cannot bury a model under
 * referrers or fill the store with "signatures". Documented in spec/README.md.
 *
 * @param maxPerSubject referrers a repository keeps for one subject digest; the next push is refused
 * @param maxBundleBytes size of each blob of a manifest whose artifact type (or layer type) is a Sigstore bundle
 */
public record ReferrerLimits(int maxPerSubject, long maxBundleBytes) {
    public static final int DEFAULT_MAX_PER_SUBJECT = 1000;
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 1024 * 1024;

    public ReferrerLimits {
        if (maxPerSubject < 1) {
            throw new IllegalArgumentException("max referrers per subject must be at least 1, got " + maxPerSubject);
        }
        if (maxBundleBytes < 1) {
            throw new IllegalArgumentException("max signature bundle size must be at least 1 byte, got " + maxBundleBytes);
        }
    }

    public static ReferrerLimits defaults() {
        return new ReferrerLimits(DEFAULT_MAX_PER_SUBJECT, DEFAULT_MAX_BUNDLE_BYTES);
    }
}
