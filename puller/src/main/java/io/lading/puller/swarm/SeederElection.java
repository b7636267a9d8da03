package io.lading.puller.swarm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which hosts of a zone take chunk i of a blob from the registry (spec/peers.md, Scheduling): the zone's hosts
 * that want or hold the blob, sorted by id, take the chunks of a version round robin. Chunk {@code i} of a blob
 * whose chunks start at {@code base} (the version's chunks counted over its blobs in manifest order, from an offset
 * of the version's digest) is seeded by the host at position {@code (base + i) mod N}, then by the next ones when
 * {@code seeders} is more than 1. Every host computes the same assignment from the same membership with no message
 * between them.
 *
 * <p>Why round robin and not a hash rank per chunk: the most loaded seeder sets the finish. A hash spreads 32
 * chunks over 8 hosts as 2 to 7 per host (the fleet lab before issue 6's second round); round robin gives every host
 * {@code floor} or {@code ceil(chunks / N)}, so every host's share of the registry's link lasts equally long.
 */
public final class SeederElection {
    private SeederElection() {
    }

    /** The position, in the zone's sorted membership of {@code zoneSize}, of the first seeder of the chunk. */
    public static int position(long base, int chunk, int zoneSize) {
        if (zoneSize < 1) {
            throw new IllegalArgumentException("a zone has at least the asking host, got " + zoneSize);
        }
        return (int) Math.floorMod(base + chunk, (long) zoneSize);
    }

    /**
     * Whether {@code self} is among the chunk's {@code seeders} in a zone whose sorted membership is {@code zone}
     * (self included). Members {@code skipped} (banned, or resting after a failure) are passed over: the next host
     * round the ring stands in for them.
     */
    public static boolean elected(long base, int chunk, String self, List<String> zone, int seeders,
                                  Predicate<String> skipped) {
        int start = position(base, chunk, zone.size());
        int counted = 0;
        for (int step = 0; step < zone.size() && counted < seeders; step++) {
            String host = zone.get((start + step) % zone.size());
            if (host.equals(self)) {
                return true;
            }
            if (!skipped.test(host)) {
                counted++;
            }
        }
        return false;
    }

    /** The chunk's first seeder: the first member from its position round the ring that is not skipped; or null. */
    public static String seeder(long base, int chunk, List<String> zone, Predicate<String> skipped) {
        int start = position(base, chunk, zone.size());
        for (int step = 0; step < zone.size(); step++) {
            String host = zone.get((start + step) % zone.size());
            if (!skipped.test(host)) {
                return host;
            }
        }
        return null;
    }

    /**
     * As {@link #elected(long, int, String, List, int, Predicate)} when only this host's position in a zone of
     * {@code zoneSize} is known (the tracker counted the zone, its answer lists only some of it): no stand-in.
     */
    public static boolean elected(long base, int chunk, int selfIndex, int zoneSize, int seeders) {
        return Math.floorMod(selfIndex - position(base, chunk, zoneSize), zoneSize) < seeders;
    }

    /** A start for the round robin taken from a digest, so versions (or lone blobs) start on different hosts. */
    public static long offset(String digest) {
        byte[] h = sha256(digest);
        long r = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            r = (r << 8) | (h[i] & 0xff);
        }
        return r >>> 1; // non-negative, so adding a version's chunk counts cannot wrap
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
