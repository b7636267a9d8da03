package io.lading.puller.trust;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.util.Optional;

/**
 * The question asked before a pulled version is activated, by the daemon and by {@code lading pull --activate}:
 * may this host run it? {@link PolicyCheck} answers with the trust policy; {@link #unchecked()} is the answer
 * when no policy is configured, and says so.
 */
public interface VersionCheck {

    /**
     * @param tag      the tag the version was asked for by, if any (tag rules cover only those)
     * @param manifest a version whose manifest bytes the puller has hashed into the cache
     */
    Verdict check(RepositoryName repository, Optional<Tag> tag, Digest manifest) throws IOException;

    /**
     * As {@link #check}, for a version the control plane names as a rollback to the host's own previous version:
     * signatures are checked as always, but a version signed before the active one is not refused for that.
     */
    default Verdict checkRollback(RepositoryName repository, Optional<Tag> tag, Digest manifest) throws IOException {
        return check(repository, tag, manifest);
    }

    /**
     * Told just before {@code manifest} (which passed {@code verdict}) is activated, so later checks can compare
     * against its signing time. Before, not after: a crash in between must not leave an active version without one.
     */
    void activating(RepositoryName repository, Digest manifest, Verdict verdict) throws IOException;

    /** Every version passes, as a waiver that says nothing was checked. */
    static VersionCheck unchecked() {
        return new VersionCheck() {
            @Override
            public Verdict check(RepositoryName repository, Optional<Tag> tag, Digest manifest) {
                return new Verdict.Waived("none", Mode.OFF, "no trust policy is configured, signatures are not checked");
            }

            @Override
            public void activating(RepositoryName repository, Digest manifest, Verdict verdict) {
                // Nothing to remember: without a policy there is no signing time to protect.
            }
        };
    }
}
