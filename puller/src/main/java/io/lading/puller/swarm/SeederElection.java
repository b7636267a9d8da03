package io.lading.puller.swarm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Which hosts of a zone take chunk i of a blob from the registry (spec/peers.md, Scheduling): every host ranks
 * the zone's hosts that want or hold the blob, itself included, by {@code sha256(digest + "\n" + chunkIndex + "\n"
 * + peerId)} (the hex compared as a string, lowest first) and fetches the chunk from the registry only when it
 * ranks among the first {@code seeders}. Every host computes the same ranking from the same tracker answer with no
 * message between them, and the hash spreads the seeding of a blob's chunks evenly over the zone.
 */
public final class SeederElection {
    private SeederElection() {
    }

    /** Whether {@code self} ranks among the first {@code seeders} of {@code candidates} (self added if absent). */
    public static boolean elected(String digest, int chunk, String self, Collection<String> candidates, int seeders) {
        String mine = key(digest, chunk, self);
        int ahead = 0;
        for (String other : candidates) {
            if (other.equals(self)) {
                continue;
            }
            if (key(digest, chunk, other).compareTo(mine) < 0 && ++ahead >= seeders) {
                return false;
            }
        }
        return true;
    }

    /** The rank key of one host for one chunk, as spec/peers.md defines it: lower goes first. */
    public static String key(String digest, int chunk, String id) {
        return HexFormat.of().formatHex(sha256(digest + "\n" + chunk + "\n" + id));
    }

    /**
     * The first 64 bits of {@link #key}, as an unsigned number: orders hosts as the key does (ties of 64 bits
     * aside). Also used, with other inputs, as a cheap deterministic tie-breaker.
     */
    public static long rank(String digest, int chunk, String id) {
        byte[] h = sha256(digest + "\n" + chunk + "\n" + id);
        long r = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            r = (r << 8) | (h[i] & 0xff);
        }
        return r;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
