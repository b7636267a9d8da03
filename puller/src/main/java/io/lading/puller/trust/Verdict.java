package io.lading.puller.trust;

import java.time.Instant;
import java.util.Optional;

/**
 * The policy's decision on one model version. Only {@link Rejected} stops activation; {@link Waived}
 * lets a version through unverified because its rule is {@code warn} or {@code off}, and says why.
 */
public sealed interface Verdict {

    boolean permitsActivation();

    /** The name of the rule that decided; empty when no rule covers the version. */
    String rule();

    /** One line for logs, /status and the CLI. */
    String summary();

    /** @param signedAt when the accepted bundle proves it was signed, for rollback protection (refuseOlder) */
    record Accepted(String rule, Signer signer, Optional<Instant> signedAt) implements Verdict {
        public boolean permitsActivation() {
            return true;
        }

        public String summary() {
            return "accepted by rule '" + rule + "': signed by " + signer;
        }
    }

    record Rejected(String rule, String reason) implements Verdict {
        public boolean permitsActivation() {
            return false;
        }

        public String summary() {
            return "rejected" + (rule.isEmpty() ? "" : " by rule '" + rule + "'") + ": " + reason;
        }
    }

    record Waived(String rule, Mode mode, String reason) implements Verdict {
        public boolean permitsActivation() {
            return true;
        }

        public String summary() {
            return "not verified (rule '" + rule + "' is " + mode.id() + "): " + reason;
        }
    }
}
