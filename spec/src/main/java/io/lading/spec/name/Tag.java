package io.lading.spec.name;

import java.util.regex.Pattern;

/** A tag such as {@code v1.2} or {@code latest}: at most 128 characters of the spec's grammar. */
public record Tag(String value) implements Reference, Comparable<Tag> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new InvalidNameException("'" + value + "' is not a valid tag: up to 128 of [a-zA-Z0-9._-],"
                    + " not starting with . or -");
        }
    }

    public static Tag parse(String value) {
        return new Tag(value);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Tag o) {
        return value.compareTo(o.value);
    }
}
