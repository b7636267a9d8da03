package io.lading.puller.peer;

import java.util.regex.Pattern;

/** A host's id in the peer tracker (spec/peers.md): safe in a URL path and a database key. */
public record PeerId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public PeerId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a peer id must match " + VALID.pattern() + " (the host id, lower case),"
                    + " got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
