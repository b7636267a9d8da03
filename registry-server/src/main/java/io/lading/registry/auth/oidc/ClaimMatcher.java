package io.lading.registry.auth.oidc;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One claim condition of a federation rule: a glob in which {@code *} stands for any run of characters
 * (slashes included, unlike repository patterns), or {@code re:<regex>} matched against the whole value.
 */
record ClaimMatcher(String source, Pattern regex) {
    static final String REGEX_PREFIX = "re:";

    static ClaimMatcher parse(String source) {
        if (source.startsWith(REGEX_PREFIX)) {
            try {
                return new ClaimMatcher(source, Pattern.compile(source.substring(REGEX_PREFIX.length())));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + source + "' is not a valid regex: " + e.getDescription());
            }
        }
        StringBuilder re = new StringBuilder();
        int start = 0;
        for (int star = source.indexOf('*'); star >= 0; star = source.indexOf('*', start)) {
            re.append(Pattern.quote(source.substring(start, star))).append(".*");
            start = star + 1;
        }
        re.append(Pattern.quote(source.substring(start)));
        // DOTALL so that * really means "any characters", as documented.
        return new ClaimMatcher(source, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    /** Full match: a glob without {@code *} is an exact comparison, and a regex is anchored at both ends. */
    boolean matches(String value) {
        return regex.matcher(value).matches();
    }
}
