package io.lading.puller.trust;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The trust options {@code lading verify} and {@code lading pull} share (a picocli mixin): a policy file, or keys
 * as {@code cosign verify --key} takes them, optionally with a trusted root that makes a log entry required.
 * Kept with the policy code so both commands read them the same way.
 */
public final class TrustOptions {

    @Option(names = "--policy", paramLabel = "<file>", description = "Trust policy file (spec/trust-policy.md).")
    Path policy;

    @Option(names = "--key", paramLabel = "<public.pem>",
            description = "Trust this public key (repeatable), like cosign verify --key.")
    List<Path> keys;

    @Option(names = "--trusted-root", paramLabel = "<trusted_root.json>",
            description = "With --key: also require a transparency-log entry of this Sigstore trusted root.")
    Path trustedRoot;

    /**
     * The verifier for what was given, empty when neither option was and {@code required} is false; both at
     * once, or neither when required, is a one-line error.
     */
    public Optional<ManifestVerifier> verifier(boolean required) {
        boolean withKeys = keys != null && !keys.isEmpty();
        if ((policy != null && withKeys) || (required && policy == null && !withKeys)) {
            throw new TrustPolicyException("give " + (required ? "exactly" : "at most")
                    + " one of --policy <file> or --key <public.pem>");
        }
        if (policy == null && !withKeys) {
            return Optional.empty();
        }
        return Optional.of(new ManifestVerifier(policy != null ? TrustPolicyParser.parse(policy)
                : TrustPolicy.forKeys(keys, Optional.ofNullable(trustedRoot))));
    }
}
