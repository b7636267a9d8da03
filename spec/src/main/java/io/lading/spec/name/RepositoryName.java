package io.lading.spec.name;

import java.util.regex.Pattern;

/**
 * A repository name such as {@code models/llama-70b}. One that exists matches the spec's grammar,
 * so it holds no {@code ..}, no empty component and no upper case, and is safe in a path or URL.
 * See https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-manifests
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    /** The spec lets registries cap names; 255 is what Docker clients assume for host plus name. */
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value == null || value.isEmpty()) {
            throw new InvalidNameException("repository name is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidNameException("repository name is " + value.length()
                    + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (!GRAMMAR.matcher(value).matches()) {
            throw new InvalidNameException("'" + value + "' is not a valid repository name: use lower-case"
                    + " letters, digits and the separators . _ __ - between them, components joined by /");
        }
    }

    public static RepositoryName parse(String value) {
        return new RepositoryName(value);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(RepositoryName o) {
        return value.compareTo(o.value);
    }
}
