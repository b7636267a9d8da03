package io.lading.puller.swarm;

/**
 * The tracker's count of one zone for one blob (spec/peers.md, the answer's {@code zone}): how many live hosts of
 * the asker's zone want or hold the blob, the asker included, and the asker's place among them sorted by id. The
 * seeding ring needs the whole zone, which a tracker answer cut at {@code limit} peers does not list.
 *
 * @param hosts the zone's hosts that want or hold the blob, at least 1 (the asker)
 * @param index the asker's position among them by id, from 0
 */
public record ZoneCount(int hosts, int index) {
    public ZoneCount {
        if (hosts < 1 || index < 0 || index >= hosts) {
            throw new IllegalArgumentException("a zone of " + hosts + " hosts has no position " + index);
        }
    }
}
