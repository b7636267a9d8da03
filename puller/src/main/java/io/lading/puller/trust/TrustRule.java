package io.lading.puller.trust;

import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.util.List;
import java.util.Optional;

/**
 * One rule of a trust policy: which versions it covers (repository glob, optional tag glob), what it
 * does when verification fails ({@link Mode}), and who may sign: keyless identities and/or keys.
 *
 * @param transparencyLog whether a verified transparency-log entry is required; keyless bundles
 *                        always need one (sigstore-java verifies nothing else), so this matters for keys
 * @param refuseOlder     rollback protection: refuse a version signed before the active one (only an
 *                        operator's {@code lading rollback} goes back)
 */
public record TrustRule(String name, NamePattern repositories, Optional<NamePattern> tags, Mode mode,
                        List<IdentityMatcher> identities, List<TrustedKey> keys, boolean transparencyLog,
                        boolean refuseOlder) {

    public TrustRule {
        identities = List.copyOf(identities);
        keys = List.copyOf(keys);
        if (mode != Mode.OFF && identities.isEmpty() && keys.isEmpty()) {
            throw new TrustPolicyException("rule '" + name + "' is " + mode.id()
                    + " but names no identities and no keys, so nothing could ever pass it");
        }
    }

    public TrustRule(String name, NamePattern repositories, Optional<NamePattern> tags, Mode mode,
                     List<IdentityMatcher> identities, List<TrustedKey> keys, boolean transparencyLog) {
        this(name, repositories, tags, mode, identities, keys, transparencyLog, false);
    }

    /** A rule with a tag pattern covers only versions asked for by a matching tag, never by digest. */
    public boolean covers(RepositoryName repository, Optional<Tag> tag) {
        return repositories.matches(repository.value())
                && tags.map(pattern -> tag.map(t -> pattern.matches(t.value())).orElse(false)).orElse(true);
    }
}
