package io.lading.puller.swarm;

/**
 * How far a peer is from the asking host, as the tracker ranks it (spec/peers.md: {@code rack | zone | region |
 * other}, from the hosts' labels). Closer peers are asked first; rack and zone count as "my zone" for the
 * registry-seeder election.
 */
public enum Distance {
    RACK, ZONE, REGION, OTHER;

    /** Whether a peer at this distance shares the asking host's zone (same rack implies same zone). */
    public boolean sameZone() {
        return this == RACK || this == ZONE;
    }

    /** Parses the wire form; an unknown value (a newer tracker) counts as {@link #OTHER}, the farthest. */
    public static Distance parse(String wire) {
        if (wire == null) {
            return OTHER;
        }
        return switch (wire) {
            case "rack" -> RACK;
            case "zone" -> ZONE;
            case "region" -> REGION;
            default -> OTHER;
        };
    }
}
