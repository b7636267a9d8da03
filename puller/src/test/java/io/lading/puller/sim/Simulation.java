package io.lading.puller.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event model of one rollout: every host fetches every chunk of every blob of a model, from the
 * registry or from other hosts, as its {@link ChunkPolicy} decides; transfers are fluid flows sharing the links
 * fairly ({@link FlowNetwork}). Events are transfer completions and timers (a policy's wake-up, a host's tracker
 * poll, a host's death); between two events nothing changes, so the clock jumps.
 *
 * <p>The tracker is modelled as the hosts' true state, {@code announceDelay} old (announces are batched), ranked
 * as spec/peers.md says (same rack first, then complete, then most chunks, then id) and cut at {@code
 * trackerLimit}. A dead host stays listed for {@code expiry}; a transfer asked of it fails at once (the connection
 * is refused).
 */
final class Simulation {

    /** Builds the policy of one host for one blob. */
    interface PolicyFactory {
        ChunkPolicy create(Simulation sim, int host, int blob);
    }

    private record Timer(double at, int host, int kind) {
    }

    private static final int WAKE = 0;
    private static final int POLL = 1;
    private static final int DIE = 2;

    private final SimConfig config;
    private final Topology topology;
    private final PolicyFactory factory;
    private final int hosts;
    private final int blobs;
    private final int[] chunkCounts;
    private final FlowNetwork network;
    private final BitSet[][] have;
    private final ChunkPolicy[][] policies;
    private final boolean[][] announced;
    private final List<List<Integer>> active = new ArrayList<>();
    private final int[] nextBlob;
    private final int[][] streamsUsed;
    /** The policy answered Wait and nothing it depends on changed since: asking again would repeat the answer. */
    private final boolean[][] waiting;
    private final double[] finishedAt;
    private final double[] diedAt;
    private final double[] pendingWake;
    private final Map<Long, FlowNetwork.Flow> inFlight = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingDouble(Timer::at));
    private final TrackerView tracker;
    private double now;
    private double registryBytes;
    private long events;
    private int unfinished;

    Simulation(SimConfig config, Topology topology, PolicyFactory factory) {
        this.config = config;
        this.topology = topology;
        this.factory = factory;
        hosts = config.hosts();
        blobs = config.blobCount();
        chunkCounts = new int[blobs];
        for (int b = 0; b < blobs; b++) {
            chunkCounts[b] = (int) ((config.blobBytes(b) + config.chunkBytes() - 1) / config.chunkBytes());
        }
        network = new FlowNetwork(hosts, config.externalBits() / 8, config.hostBits() / 8, config.hostBits() / 8);
        have = new BitSet[hosts][blobs];
        policies = new ChunkPolicy[hosts][blobs];
        announced = new boolean[hosts][blobs];
        for (int h = 0; h < hosts; h++) {
            for (int b = 0; b < blobs; b++) {
                have[h][b] = new BitSet(chunkCounts[b]);
            }
            active.add(new ArrayList<>());
        }
        nextBlob = new int[hosts];
        streamsUsed = new int[hosts][blobs];
        waiting = new boolean[hosts][blobs];
        finishedAt = new double[hosts];
        diedAt = new double[hosts];
        pendingWake = new double[hosts];
        Arrays.fill(finishedAt, Double.NaN);
        Arrays.fill(diedAt, Double.POSITIVE_INFINITY);
        Arrays.fill(pendingWake, Double.POSITIVE_INFINITY);
        tracker = new TrackerView(this);
        unfinished = hosts;
    }

    SimResult run() {
        long wallStart = System.nanoTime();
        Random random = new Random(config.seed());
        int failures = (int) Math.round(hosts * config.failedFraction());
        List<Integer> order = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            order.add(h);
        }
        java.util.Collections.shuffle(order, random);
        for (int i = 0; i < failures; i++) {
            // "Mid-run": somewhere in the middle of the fastest possible rollout.
            timers.add(new Timer(config.lowerBound() * (0.2 + 0.6 * random.nextDouble()), order.get(i), DIE));
        }
        if (topology == Topology.SWARM) {
            for (int h = 0; h < hosts; h++) {
                timers.add(new Timer(random.nextDouble() * config.trackerPoll(), h, POLL));
            }
        }
        if (topology == Topology.SWARM) {
            for (boolean[] blobsOfHost : announced) {
                Arrays.fill(blobsOfHost, true); // ModelPuller: every missing blob is announced as wanted at the start
            }
        }
        for (int h = 0; h < hosts; h++) {
            kick(h);
        }
        double limit = 50 * config.lowerBound() + 600;
        while (unfinished > 0) {
            double untilFlow = network.untilFirstFinish();
            double nextTimer = timers.isEmpty() ? Double.POSITIVE_INFINITY : timers.peek().at();
            double step = Math.max(untilFlow, config.quantum());
            double target = Math.min(now + step, nextTimer);
            if (target == Double.POSITIVE_INFINITY || target > limit) {
                break; // nothing can happen any more, or far too long: some host never finishes
            }
            network.advance(target - now);
            now = target;
            trace();
            completeFlows();
            while (!timers.isEmpty() && timers.peek().at() <= now) {
                fire(timers.poll());
            }
        }
        double finish = 0;
        for (int h = 0; h < hosts; h++) {
            if (alive(h)) {
                finish = Math.max(finish, Double.isNaN(finishedAt[h]) ? Double.POSITIVE_INFINITY : finishedAt[h]);
            }
        }
        return new SimResult(topology, config, finish, registryBytes, failures, events,
                (System.nanoTime() - wallStart) / 1e9);
    }

    private static final double TRACE = Double.parseDouble(System.getProperty("sim.trace", "0"));
    private double nextTrace;

    /** With -Dsim.trace=SECONDS: link use every so often, to see where a slow rollout loses time. */
    private void trace() {
        if (TRACE <= 0 || now < nextTrace) {
            return;
        }
        nextTrace = now + TRACE;
        network.settle();
        double ext = 0;
        double peer = 0;
        int regFlows = 0;
        double[] up = new double[hosts];
        double[] down = new double[hosts];
        int[] upFlows = new int[hosts];
        for (FlowNetwork.Flow f : network.flows()) {
            down[f.dst] += f.rate;
            if (f.src < 0) {
                ext += f.rate;
                regFlows++;
            } else {
                peer += f.rate;
                up[f.src] += f.rate;
                upFlows[f.src]++;
            }
        }
        double cap = config.hostBits() / 8;
        int upFull = 0;
        int upIdle = 0;
        int downFull = 0;
        int maxUpFlows = 0;
        for (int h = 0; h < hosts; h++) {
            upFull += up[h] > 0.9 * cap ? 1 : 0;
            upIdle += up[h] < 0.1 * cap ? 1 : 0;
            downFull += down[h] > 0.9 * cap ? 1 : 0;
            maxUpFlows = Math.max(maxUpFlows, upFlows[h]);
        }
        int done = 0;
        long chunks = 0;
        for (int h = 0; h < hosts; h++) {
            done += Double.isNaN(finishedAt[h]) ? 0 : 1;
            for (int b = 0; b < blobs; b++) {
                chunks += have[h][b].cardinality();
            }
        }
        System.err.printf(java.util.Locale.ROOT, "t=%7.1f external %5.1f%% (%d flows) peer %.1f Gbit/s, %d flows, "
                        + "%d hosts done, %.1f%% of all chunks; uplinks >90%% %d, <10%% %d (most flows on one %d); "
                        + "downlinks >90%% %d%n", now, 100 * ext * 8 / config.externalBits(), regFlows,
                peer * 8 / 1e9, network.flows().size(), done, 100.0 * chunks / ((double) hosts * totalChunks()),
                upFull, upIdle, maxUpFlows, downFull);
    }

    private long totalChunks() {
        long n = 0;
        for (int c : chunkCounts) {
            n += c;
        }
        return n;
    }

    // ---- what policies and the tracker view read

    SimConfig config() {
        return config;
    }

    Topology topology() {
        return topology;
    }

    int hosts() {
        return hosts;
    }

    int blobs() {
        return blobs;
    }

    double now() {
        return now;
    }

    int chunkCount(int blob) {
        return chunkCounts[blob];
    }

    BitSet have(int host, int blob) {
        return have[host][blob];
    }

    boolean alive(int host) {
        return now < diedAt[host];
    }

    /** Listed by the tracker: alive, or dead for less than the expiry. */
    boolean listed(int host) {
        return now < diedAt[host] + config.expiry();
    }

    boolean announced(int host, int blob) {
        return announced[host][blob];
    }

    int rack(int host) {
        return host / config.rackSize();
    }

    // ---- events

    private void fire(Timer t) {
        events++;
        switch (t.kind()) {
            case WAKE -> {
                if (pendingWake[t.host()] == t.at()) {
                    pendingWake[t.host()] = Double.POSITIVE_INFINITY;
                }
                Arrays.fill(waiting[t.host()], false); // the time a policy asked to be woken at has come
                kick(t.host());
            }
            case POLL -> {
                if (!alive(t.host()) || !Double.isNaN(finishedAt[t.host()])) {
                    return;
                }
                for (int b : active.get(t.host())) {
                    ChunkPolicy p = policies[t.host()][b];
                    p.peersUpdated(tracker.answer(t.host(), b), tracker.zoneHosts(t.host(), b), tracker.zoneIndex(t.host(), b));
                    waiting[t.host()][b] = false;
                    for (int chunk : p.overdue()) {
                        FlowNetwork.Flow f = inFlight.remove(key(t.host(), b, chunk));
                        if (f != null) {
                            abort(f);
                            p.failed(chunk, f.src);
                        }
                    }
                }
                kick(t.host());
                timers.add(new Timer(now + config.trackerPoll(), t.host(), POLL));
            }
            case DIE -> die(t.host());
            default -> throw new IllegalStateException("timer kind " + t.kind());
        }
    }

    private void completeFlows() {
        List<FlowNetwork.Flow> done = new ArrayList<>();
        for (FlowNetwork.Flow f : network.flows()) {
            if (f.remaining <= 1e-6 * f.bytes) {
                done.add(f);
            }
        }
        List<Integer> touched = new ArrayList<>();
        for (FlowNetwork.Flow f : done) {
            events++;
            network.remove(f);
            inFlight.remove(key(f.dst, f.blob, f.chunk));
            if (f.src < 0) {
                registryBytes += f.bytes;
            }
            streamsUsed[f.dst][f.blob]--;
            have[f.dst][f.blob].set(f.chunk);
            policies[f.dst][f.blob].verified(f.chunk, f.src);
            waiting[f.dst][f.blob] = false;
            touched.add(f.dst);
            if (topology != Topology.SWARM) {
                for (int child : topology.liveChildren(this, f.dst)) {
                    waiting[child][f.blob] = false; // the parent has a new chunk to pass on
                    touched.add(child);
                }
            }
        }
        for (int h : touched) {
            kick(h);
        }
    }

    private void die(int host) {
        diedAt[host] = now;
        List<FlowNetwork.Flow> cut = new ArrayList<>();
        for (FlowNetwork.Flow f : network.flows()) {
            if (f.src == host || f.dst == host) {
                cut.add(f);
            }
        }
        List<Integer> touched = new ArrayList<>();
        for (FlowNetwork.Flow f : cut) {
            inFlight.remove(key(f.dst, f.blob, f.chunk));
            abort(f);
            if (f.dst != host) {
                policies[f.dst][f.blob].failed(f.chunk, f.src);
                waiting[f.dst][f.blob] = false;
                touched.add(f.dst);
            }
        }
        unfinished -= Double.isNaN(finishedAt[host]) ? 1 : 0;
        if (topology != Topology.SWARM) {
            for (int child : topology.liveChildren(this, host)) {
                Arrays.fill(waiting[child], false); // a new parent: the dead one's grandparent
                touched.add(child);
            }
        }
        for (int h : touched) {
            kick(h);
        }
    }

    private void abort(FlowNetwork.Flow f) {
        network.remove(f);
        if (f.src < 0) {
            registryBytes += f.transferred();
        }
        streamsUsed[f.dst][f.blob]--;
    }

    /** Lets a host start whatever its policies allow, up to {@code streams} transfers per blob. */
    private void kick(int host) {
        if (!alive(host) || !Double.isNaN(finishedAt[host])) {
            return;
        }
        List<Integer> mine = active.get(host);
        boolean moved = true;
        while (moved) {
            moved = false;
            while (mine.size() < config.blobsAtOnce() && nextBlob[host] < blobs) {
                int b = nextBlob[host]++;
                policies[host][b] = factory.create(this, host, b);
                announced[host][b] = true; // an empty bitset: "I am downloading it"
                mine.add(b);
                if (topology == Topology.SWARM) {
                    policies[host][b].peersUpdated(tracker.answer(host, b), tracker.zoneHosts(host, b),
                            tracker.zoneIndex(host, b));
                }
            }
            for (int b : List.copyOf(mine)) {
                if (streamsUsed[host][b] >= config.streams() || waiting[host][b]) {
                    continue;
                }
                ChunkPolicy.Choice choice = policies[host][b].next();
                switch (choice) {
                    case ChunkPolicy.Choice.Fetch(int chunk, int source) -> {
                        moved = true;
                        if (source >= 0 && !alive(source)) {
                            policies[host][b].failed(chunk, source); // connection refused
                        } else {
                            start(host, b, chunk, source);
                        }
                    }
                    case ChunkPolicy.Choice.Wait(double until) -> {
                        // As Decision.Wait says: ask again when a transfer ends, the peers change, or at until.
                        waiting[host][b] = true;
                        wakeAt(host, until);
                    }
                    case ChunkPolicy.Choice.Done() -> {
                        moved = true;
                        mine.remove(Integer.valueOf(b));
                        policies[host][b] = new Finished();
                    }
                }
            }
            if (mine.isEmpty() && nextBlob[host] == blobs) {
                finishedAt[host] = now;
                unfinished--;
                return;
            }
        }
    }

    private void start(int host, int blob, int chunk, int source) {
        long offset = (long) chunk * config.chunkBytes();
        long bytes = Math.min(config.chunkBytes(), config.blobBytes(blob) - offset);
        FlowNetwork.Flow f = network.start(source, host, blob, chunk, bytes);
        inFlight.put(key(host, blob, chunk), f);
        streamsUsed[host][blob]++;
    }

    private void wakeAt(int host, double until) {
        if (Double.isNaN(until)) {
            return;
        }
        double at = Math.max(until, now + 1e-6); // never now itself: a policy asking again at once would spin
        if (at < pendingWake[host]) {
            pendingWake[host] = at;
            timers.add(new Timer(at, host, WAKE));
        }
    }

    private static long key(int host, int blob, int chunk) {
        return ((long) host << 40) | ((long) blob << 20) | chunk;
    }

    /** Stands in for a finished blob's policy: late events (a stale abort) find nothing to do. */
    private static final class Finished implements ChunkPolicy {
        @Override
        public Choice next() {
            return new Choice.Done();
        }

        @Override
        public void verified(int chunk, int source) {
        }

        @Override
        public void failed(int chunk, int source) {
        }
    }
}
