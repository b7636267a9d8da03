package io.lading.puller.swarm;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Which hosts of a zone take chunk i of a blob from the registry (spec/peers.md, Scheduling): every host ranks
 * the zone's hosts that want or hold the blob, itself included, by a hash of (digest, chunk index, host id) and
 * fetches the chunk from the registry only when it ranks among the first {@code seeders}. Every host computes
 * the same ranking from the same tracker answer with no message between them, and the hash spreads the seeding
 * of a blob's chunks evenly over the zone.
 *
 * <p>The hash is FNV-1a (64 bit) over the UTF-8 bytes of {@code digest "/" chunk "/" id}, finished with the
 * SplitMix64 mixer: fixed here, since hosts running different builds must still agree.
 */
public final class SeederElection {
    private SeederElection() {
    }

    /** Whether {@code self} ranks among the first {@code seeders} of {@code candidates} (self added if absent). */
    public static boolean elected(String digest, int chunk, String self, Collection<String> candidates, int seeders) {
        long mine = rank(digest, chunk, self);
        int ahead = 0;
        for (String other : candidates) {
            if (other.equals(self)) {
                continue;
            }
            long theirs = rank(digest, chunk, other);
            if (Long.compareUnsigned(theirs, mine) < 0 || (theirs == mine && other.compareTo(self) < 0)) {
                if (++ahead >= seeders) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The rank key of one host for one chunk: lower goes first. */
    public static long rank(String digest, int chunk, String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (digest + "/" + chunk + "/" + id).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h += 0x9e3779b97f4a7c15L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
