package io.lading.puller.sim;

import io.lading.puller.fetch.FetchSettings;

/**
 * One simulated fleet and rollout. Rates in bits per second on the wire; sizes in bytes; times in seconds.
 *
 * @param hosts           GPU hosts
 * @param modelBytes      the model version's size
 * @param shardBytes      one blob (shard) of the model; the last may be smaller
 * @param chunkBytes      the registry's chunk index granularity (64 MiB)
 * @param externalBits    the registry's external link
 * @param hostBits        each host's link, in each direction (full duplex)
 * @param rackSize        hosts per rack; every host is in one zone
 * @param failedFraction  hosts that die mid-run (at a random time in the middle of the lower bound)
 * @param streams         chunk transfers one host runs at once for one blob (the fetch engine's parallelism, 4)
 * @param blobsAtOnce     blobs one host fetches at once, in manifest order (the model puller's, 2)
 * @param trackerPoll     how often a host asks the tracker about each blob it is fetching
 * @param trackerLimit    peers in one tracker answer (the tracker's {@code limit}, spec/peers.md: default 200)
 * @param announceDelay   the tracker's view lags the hosts by this much (announces are batched every 250 ms)
 * @param expiry          a dead host stays listed this long (the tracker's peer expiry)
 * @param quantum         completions within this many seconds are processed together (0: exact event times)
 * @param seed            for the failures and the poll phases
 */
record SimConfig(int hosts, long modelBytes, long shardBytes, long chunkBytes, double externalBits, double hostBits,
                 int rackSize, double failedFraction, int streams, int blobsAtOnce, double trackerPoll,
                 int trackerLimit, double announceDelay, double expiry, double quantum, long seed) {

    static final long MIB = 1L << 20;
    /**
     * Blobs a pipeline or tree hop moves at once, each over {@code streams} transfers: the puller's registry default
     * when the results in bench/fleet/README.md were made. The puller now fetches 4 blobs with one stream each
     * from the registry; the relay baselines keep 2 x 4 so those results stay reproducible.
     */
    static final int RELAY_BLOBS_AT_ONCE = 2;

    static SimConfig defaults(int hosts) {
        return new SimConfig(hosts, 500_000_000_000L, 5_000_000_000L, 64 * MIB, 10e9, 10e9, 32, 0,
                FetchSettings.DEFAULT_PARALLELISM, RELAY_BLOBS_AT_ONCE, 0.5, 200, 0.25, 15, 0.01, 1);
    }

    SimConfig withFailedFraction(double value) {
        return new SimConfig(hosts, modelBytes, shardBytes, chunkBytes, externalBits, hostBits, rackSize, value, streams,
                blobsAtOnce, trackerPoll, trackerLimit, announceDelay, expiry, quantum, seed);
    }

    SimConfig withModel(long model, long shard) {
        return new SimConfig(hosts, model, shard, chunkBytes, externalBits, hostBits, rackSize, failedFraction, streams,
                blobsAtOnce, trackerPoll, trackerLimit, announceDelay, expiry, quantum, seed);
    }

    SimConfig withTracker(double poll, int limit, double delay) {
        return new SimConfig(hosts, modelBytes, shardBytes, chunkBytes, externalBits, hostBits, rackSize, failedFraction,
                streams, blobsAtOnce, poll, limit, delay, expiry, quantum, seed);
    }

    SimConfig withQuantum(double value) {
        return new SimConfig(hosts, modelBytes, shardBytes, chunkBytes, externalBits, hostBits, rackSize, failedFraction,
                streams, blobsAtOnce, trackerPoll, trackerLimit, announceDelay, expiry, value, seed);
    }

    SimConfig withStreams(int value, int blobs) {
        return new SimConfig(hosts, modelBytes, shardBytes, chunkBytes, externalBits, hostBits, rackSize, failedFraction,
                value, blobs, trackerPoll, trackerLimit, announceDelay, expiry, quantum, seed);
    }

    /** The model over the external link: no rollout can be faster. */
    double lowerBound() {
        return modelBytes * 8 / externalBits;
    }

    int blobCount() {
        return (int) ((modelBytes + shardBytes - 1) / shardBytes);
    }

    long blobBytes(int blob) {
        return Math.min(shardBytes, modelBytes - (long) blob * shardBytes);
    }
}
