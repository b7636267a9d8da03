package io.lading.spec.name;

import java.util.regex.Pattern;

/**
 * The one glob over repository names (and tags) that grants and trust policies both use: {@code *} matches
 * within one path component, {@code **} across components, {@code ?} one character of a component;
 * everything else is literal. Callers decide which characters a pattern may hold.
 */
public final class NameGlob {
    private NameGlob() {
    }

    public static Pattern compile(String glob) {
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
        return Pattern.compile(re.toString());
    }
}
