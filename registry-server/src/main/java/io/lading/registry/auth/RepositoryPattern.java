package io.lading.registry.auth;

import io.lading.spec.name.NameGlob;
import io.lading.spec.name.RepositoryName;
import java.util.regex.Pattern;

/**
 * The repositories a grant covers: a repository name in which {@code *} stands for one path component
 * (or part of one) and {@code **} for any number of components, e.g. {@code models/team-a/**}.
 * Only a grant can hold a pattern; a token or a request always names one repository.
 */
public record RepositoryPattern(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._*/-]{1,255}");

    public RepositoryPattern {
        if (value == null || !ALLOWED.matcher(value).matches() || value.contains("..") || value.contains("//")
                || value.startsWith("/") || value.endsWith("/") || value.contains("***")) {
            throw new IllegalArgumentException("'" + value + "' is not a repository pattern: a repository name in which"
                    + " * matches within one component and ** across components");
        }
    }

    public static RepositoryPattern parse(String value) {
        return new RepositoryPattern(value);
    }

    public boolean matches(RepositoryName name) {
        return NameGlob.compile(value).matcher(name.value()).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
