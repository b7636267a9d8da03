package io.lading.puller.sim;

import io.lading.puller.fetch.FetchSettings;
import io.lading.puller.peer.LanPeers;
import io.lading.puller.pull.ModelPuller;
import io.lading.puller.swarm.SwarmPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 6, part 5: how long a rollout of one model version to a whole fleet takes with the puller's peer
 * scheduler, against the lower bound (the model once over the registry's external link) and against a linear
 * pipeline and a binary tree computed with the same event model. {@code bench/fleet/simulate.sh} runs it.
 *
 * <pre>
 *   FleetSimulator [--hosts 100,1000] [--failures 0,0.01,0.05] [--topologies swarm,pipeline,tree]
 *                  [--model-gb 500] [--shard-gb 5] [--external-gbit 10] [--host-gbit 10] [--rack 32]
 *                  [--streams 4] [--blobs-at-once 2 (swarm: 16)] [--tracker-poll 0.5] [--tracker-limit 200]
 *                  [--quantum-ms 10] [--seed 1]
 * </pre>
 */
public final class FleetSimulator {

    public static void main(String[] args) {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "fleet simulator: %.0f GB model in %.1f GB shards, 64 MiB chunks, external %.0f Gbit/s, "
                        + "hosts %.0f Gbit/s each way, racks of %d, one zone; %d streams per blob and %d blobs at once per host (swarm %d); "
                        + "tracker poll %.1f s, answer limit %d; quantum %.0f ms%n",
                o.modelGb, o.shardGb, o.externalGbit, o.hostGbit, o.rack, o.streams, o.blobsAtOnce, o.swarmBlobsAtOnce, o.trackerPoll,
                o.trackerLimit, o.quantumMs);
        System.out.printf(Locale.ROOT, "%6s %6s %-9s %10s %8s %9s %10s %8s%n", "hosts", "failed", "topology", "finish s",
                "x bound", "registry", "events", "wall s");
        for (int hosts : o.hosts) {
            for (double failures : o.failures) {
                SimConfig config = o.config(hosts).withFailedFraction(failures);
                for (Topology t : o.topologies) {
                    // The puller fetches every blob of a version at once when peers are on (ModelPuller).
                    SimResult r = simulate(t == Topology.SWARM
                            ? config.withStreams(config.streams(), o.swarmBlobsAtOnce) : config, t);
                    System.out.printf(Locale.ROOT, "%6d %6s %-9s %10.1f %8.2f %8.2fx %10d %8.1f%n", hosts,
                            r.failed() + " (" + Math.round(failures * 100) + "%)", t.name().toLowerCase(Locale.ROOT),
                            r.finish(), r.overLowerBound(), r.registryCopies(), r.events(), r.wallSeconds());
                }
            }
            System.out.printf(Locale.ROOT, "       lower bound for %d hosts: %.1f s%n", hosts, o.config(hosts).lowerBound());
        }
    }

    /** One rollout; the swarm uses the puller's default {@link SwarmPolicy}. */
    static SimResult simulate(SimConfig config, Topology topology) {
        return simulate(config, topology, SwarmPolicy.defaults());
    }

    static SimResult simulate(SimConfig config, Topology topology, SwarmPolicy policy) {
        Simulation.PolicyFactory factory = topology == Topology.SWARM
                ? SwarmChunkPolicy.factory(policy)
                : RelayPolicy::new;
        return new Simulation(config, topology, factory).run();
    }

    private static final class Options {
        List<Integer> hosts = List.of(100, 1000);
        List<Double> failures = List.of(0.0, 0.01, 0.05);
        List<Topology> topologies = List.of(Topology.SWARM, Topology.PIPELINE, Topology.TREE);
        double modelGb = 500;
        double shardGb = 5;
        double externalGbit = 10;
        double hostGbit = 10;
        int rack = 32;
        int streams = FetchSettings.DEFAULT_PARALLELISM;
        int blobsAtOnce = SimConfig.RELAY_BLOBS_AT_ONCE;
        int swarmBlobsAtOnce = ModelPuller.SWARM_BLOB_CONCURRENCY;
        double trackerPoll = LanPeers.DEFAULT_REFRESH.toMillis() / 1000.0;
        int trackerLimit = 200;
        double quantumMs = 10;
        long seed = 1;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--hosts" -> o.hosts = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--failures" -> o.failures = Arrays.stream(v.split(",")).map(Double::parseDouble).toList();
                    case "--topologies" -> o.topologies = Arrays.stream(v.split(","))
                            .map(s -> Topology.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                    case "--model-gb" -> o.modelGb = Double.parseDouble(v);
                    case "--shard-gb" -> o.shardGb = Double.parseDouble(v);
                    case "--external-gbit" -> o.externalGbit = Double.parseDouble(v);
                    case "--host-gbit" -> o.hostGbit = Double.parseDouble(v);
                    case "--rack" -> o.rack = Integer.parseInt(v);
                    case "--streams" -> o.streams = Integer.parseInt(v);
                    case "--blobs-at-once" -> o.blobsAtOnce = o.swarmBlobsAtOnce = Integer.parseInt(v);
                    case "--tracker-poll" -> o.trackerPoll = Double.parseDouble(v);
                    case "--tracker-limit" -> o.trackerLimit = Integer.parseInt(v);
                    case "--quantum-ms" -> o.quantumMs = Double.parseDouble(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            return o;
        }

        SimConfig config(int hostCount) {
            return new SimConfig(hostCount, (long) (modelGb * 1e9), (long) (shardGb * 1e9), 64 * SimConfig.MIB,
                    externalGbit * 1e9, hostGbit * 1e9, rack, 0, streams, blobsAtOnce, trackerPoll, trackerLimit, 0.25,
                    15, quantumMs / 1000, seed);
        }
    }

    private FleetSimulator() {
    }
}
