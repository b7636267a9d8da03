package io.lading.puller.trust;

import java.util.regex.Pattern;

/**
 * A glob over repository names or tags, as written in a trust policy: {@code *} matches within one
 * path segment, {@code **} across segments, {@code ?} one character; everything else is literal.
 * See spec/trust-policy.md.
 */
public record NamePattern(String glob, Pattern regex) {

    public static NamePattern parse(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new TrustPolicyException("a name pattern is empty");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new NamePattern(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
