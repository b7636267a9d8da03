package io.lading.spec.peer;

import java.util.regex.Pattern;

/**
 * A LAN peer's id, normally the host id: {@code [a-z0-9][a-z0-9._-]{0,62}}, so it is safe in a path, a URL and
 * a log line. {@code blobs} is refused: it is a path segment of the tracker (spec/peers.md).
 */
public record PeerId(String value) implements Comparable<PeerId> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final String RESERVED = "blobs";

    public PeerId {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new IllegalArgumentException("peer id '" + value + "' is not valid: 1 to 63 characters of a-z, 0-9,"
                    + " '.', '_' and '-', starting with a letter or digit");
        }
        if (value.equals(RESERVED)) {
            throw new IllegalArgumentException("peer id 'blobs' is reserved (a path segment of the tracker); use another");
        }
    }

    public static PeerId parse(String value) {
        return new PeerId(value);
    }

    @Override
    public int compareTo(PeerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
