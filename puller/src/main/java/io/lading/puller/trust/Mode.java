package io.lading.puller.trust;

import java.util.Locale;

/** What a rule does with a version whose signatures do not satisfy it. See spec/trust-policy.md. */
public enum Mode {
    /** Activate nothing that is not validly signed. */
    ENFORCE,
    /** Verify and report failures, but activate anyway: for rolling a policy out. */
    WARN,
    /** Do not verify at all. */
    OFF;

    static Mode parse(String value, String where) {
        for (Mode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
                return m;
            }
        }
        throw new TrustPolicyException(where + " must be enforce, warn or off, got '" + value + "'");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
