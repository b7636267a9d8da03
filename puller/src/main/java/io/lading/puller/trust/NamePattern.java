package io.lading.puller.trust;

import io.lading.spec.name.NameGlob;
import java.util.regex.Pattern;

/**
 * A glob over repository names or tags, as written in a trust policy ({@link NameGlob}: {@code *} within one
 * path segment, {@code **} across segments, {@code ?} one character; everything else literal).
 * See spec/trust-policy.md.
 */
public record NamePattern(String glob, Pattern regex) {

    public static NamePattern parse(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new TrustPolicyException("a name pattern is empty");
        }
        return new NamePattern(glob, NameGlob.compile(glob));
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
