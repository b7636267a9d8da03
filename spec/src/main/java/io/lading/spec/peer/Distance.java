package io.lading.spec.peer;

import java.util.Locale;

/** How far a peer is from the asking peer, nearest first; the tracker ranks by it (spec/peers.md). */
public enum Distance {
    RACK, ZONE, REGION, OTHER;

    /** The wire name: {@code rack}, {@code zone}, {@code region}, {@code other}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Distance fromWire(String name) {
        for (Distance d : values()) {
            if (d.wireName().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("distance must be rack, zone, region or other, got '" + name + "'");
    }
}
