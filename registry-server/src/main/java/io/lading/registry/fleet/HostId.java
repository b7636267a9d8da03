package io.lading.registry.fleet;

import io.lading.registry.failure.RegistryFailure;
import java.util.regex.Pattern;

/** A host's id as the puller sends it: {@code [a-z0-9][a-z0-9._-]{0,62}} (spec/control-plane.md). */
public record HostId(String value) implements Comparable<HostId> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public HostId {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw new RegistryFailure.Invalid("host id must match [a-z0-9][a-z0-9._-]{0,62}, got '" + value + "'");
        }
    }

    public static HostId parse(String value) {
        return new HostId(value);
    }

    @Override
    public int compareTo(HostId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
