package io.lading.puller.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge: {@code Bearer realm="...",service="...",scope="a b"} for the token
 * flow (https://distribution.github.io/distribution/spec/auth/token/), or {@code Basic realm="..."}.
 */
record Challenge(String scheme, Map<String, String> params) {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(trimmed);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return new Challenge(scheme, Map.copyOf(params));
    }

    boolean isBearer() {
        return "bearer".equalsIgnoreCase(scheme);
    }

    boolean isBasic() {
        return "basic".equalsIgnoreCase(scheme);
    }

    String realm() {
        return params.get("realm");
    }

    String service() {
        return params.get("service");
    }

    /** The scopes the registry asked for; one {@code scope} parameter may hold several, space-separated. */
    List<String> scopes() {
        List<String> out = new ArrayList<>();
        String scope = params.get("scope");
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
