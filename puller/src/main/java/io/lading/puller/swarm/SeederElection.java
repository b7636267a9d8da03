package io.lading.puller.swarm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
     * (self included). A member {@code skipped} (gone from the answer, banned, resting, passed over) keeps its place,
     * so nobody else's chunks change hands, and each chunk of its turns goes to the members not skipped, round robin
     * over them, so they share its chunks evenly (handed all to the next host, one host took 8 chunks of the
     * registry's 32 when the fleet lab killed one: 158.8 s against 141.1 s).
     */
    public static boolean elected(long base, int chunk, String self, List<String> zone, int seeders,
                                  Predicate<String> skipped) {
        return seederList(base, chunk, zone, seeders, skipped).contains(self);
    }

    /** The chunk's first seeder under the same rule; or null when every member is skipped. */
    public static String seeder(long base, int chunk, List<String> zone, Predicate<String> skipped) {
        List<String> first = seederList(base, chunk, zone, 1, skipped);
        return first.isEmpty() ? null : first.getFirst();
    }

    private static List<String> seederList(long base, int chunk, List<String> zone, int seeders,
                                           Predicate<String> skipped) {
        int start = position(base, chunk, zone.size());
        List<String> present = null;
        List<String> chosen = new ArrayList<>(seeders);
        for (int j = 0; j < Math.min(seeders, zone.size()); j++) {
            String host = zone.get((start + j) % zone.size());
            if (skipped.test(host)) {
                if (present == null) {
                    present = zone.stream().filter(skipped.negate()).toList();
                }
                if (present.isEmpty()) {
                    continue;
                }
                host = present.get((int) Math.floorMod(base + chunk + j, (long) present.size()));
            }
            chosen.add(host);
        }
        return chosen;
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
