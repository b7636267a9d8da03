package io.lading.puller.trust;

import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who may sign which model versions: an ordered list of rules, the first that covers a version
 * decides, and a version no rule covers is denied. The file format is spec/trust-policy.md.
 *
 * @param trustedRoot the Sigstore trusted_root.json that keyless bundles and log entries chain to;
 *                    empty when the policy only trusts keys and requires no log
 */
public record TrustPolicy(Optional<Path> trustedRoot, List<TrustRule> rules) {

    public TrustPolicy {
        rules = List.copyOf(rules);
        boolean needsRoot = rules.stream().anyMatch(r -> r.mode() != Mode.OFF
                && (!r.identities().isEmpty() || r.transparencyLog()));
        if (needsRoot && trustedRoot.isEmpty()) {
            throw new TrustPolicyException("the policy has keyless identities or requires a transparency log,"
                    + " so it needs \"trustedRoot\" (a Sigstore trusted_root.json)");
        }
    }

    /**
     * What {@code --key} means on the command line, as {@code cosign verify --key}: one {@code enforce} rule
     * over every repository trusting exactly these keys; with a trusted root it also requires a log entry.
     */
    public static TrustPolicy forKeys(List<Path> keyFiles, Optional<Path> trustedRoot) {
        List<TrustedKey> keys = keyFiles.stream().map(f -> TrustedKey.fromFile(f.getFileName().toString(), f)).toList();
        TrustRule rule = new TrustRule("--key", NamePattern.parse("**"), Optional.empty(), Mode.ENFORCE, List.of(),
                keys, trustedRoot.isPresent());
        return new TrustPolicy(trustedRoot, List.of(rule));
    }

    public Optional<TrustRule> ruleFor(RepositoryName repository, Optional<Tag> tag) {
        return rules.stream().filter(r -> r.covers(repository, tag)).findFirst();
    }
}
