package io.lading.spec.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a peer sits in the network: region, zone and rack, each optional. The tracker ranks peers by the
 * {@link Distance} these give (spec/peers.md, "Distance").
 */
public record PeerLabels(String region, String zone, String rack) {
    public static final PeerLabels NONE = new PeerLabels(null, null, null);
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    public PeerLabels {
        check("region", region);
        check("zone", zone);
        check("rack", rack);
    }

    /** From the wire's {@code labels} object: keys {@code region}, {@code zone}, {@code rack} only. */
    public static PeerLabels fromWire(Map<String, String> labels) {
        if (labels == null) {
            return NONE;
        }
        for (String key : labels.keySet()) {
            if (!key.equals("region") && !key.equals("zone") && !key.equals("rack")) {
                throw new IllegalArgumentException("unknown peer label '" + key + "': only region, zone and rack are ranked");
            }
        }
        return new PeerLabels(labels.get("region"), labels.get("zone"), labels.get("rack"));
    }

    /** Only the labels that are given, in region, zone, rack order. */
    public Map<String, String> toWire() {
        Map<String, String> m = new LinkedHashMap<>();
        if (region != null) {
            m.put("region", region);
        }
        if (zone != null) {
            m.put("zone", zone);
        }
        if (rack != null) {
            m.put("rack", rack);
        }
        return m;
    }

    /**
     * A level is shared when both give the same value or both leave it out; a distance needs its own label given,
     * so two unlabelled peers are {@code other} to each other.
     */
    public Distance distanceTo(PeerLabels other) {
        boolean sameRegion = Objects.equals(region, other.region);
        boolean sameZone = sameRegion && Objects.equals(zone, other.zone);
        if (sameZone && Objects.equals(rack, other.rack) && rack != null) {
            return Distance.RACK;
        }
        if (sameZone && zone != null) {
            return Distance.ZONE;
        }
        if (sameRegion && region != null) {
            return Distance.REGION;
        }
        return Distance.OTHER;
    }

    private static void check(String key, String value) {
        if (value != null && !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("peer label " + key + "='" + value + "' is not valid: 1 to 63 characters"
                    + " of letters, digits, '.', '_' and '-'");
        }
    }
}
