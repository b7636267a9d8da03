package io.lading.registry.rollout;

import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.ModelReport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where a rollout's hosts stand now, from their last reports: what the status endpoint and the metrics show.
 *
 * @param hostStatus targeted hosts by the furthest status each reached: pending, prefetched, activated, healthy, failed
 */
public record RolloutProgress(int prefetchDone, Map<Integer, WaveCounts> waves, Map<String, Integer> versions,
                              Map<String, Integer> hostStatus) {

    public record WaveCounts(int activated, int healthy, int failed, int lost) {
    }

    public static final String NONE = "none";

    public static RolloutProgress of(Rollout r, Function<HostId, HostState> hosts) {
        int prefetched = 0;
        Map<Integer, int[]> waves = new HashMap<>();
        Map<String, Integer> versions = new TreeMap<>();
        Map<String, Integer> status = new LinkedHashMap<>();
        for (String s : new String[] {"pending", "prefetched", "activated", "healthy", "failed"}) {
            status.put(s, 0);
        }
        for (RolloutHost h : r.hosts().values()) {
            HostState state = hosts.apply(h.host());
            ModelReport report = state == null ? null : state.report(r.model());
            boolean cached = HostHealth.cached(state, r.model(), r.target());
            boolean active = report != null && r.target().equals(report.active());
            var verdict = HostHealth.of(state, r.model(), r.target());
            int[] c = waves.computeIfAbsent(h.wave(), k -> new int[4]);
            if (cached) {
                prefetched++;
            }
            if (active) {
                c[0]++;
            }
            if (verdict.status() == HostHealth.Status.HEALTHY && !h.failed()) {
                c[1]++;
            }
            if (h.failed()) {
                c[2]++;
            }
            if (verdict.status() == HostHealth.Status.LOST) {
                c[3]++;
            }
            String version = report == null || report.active() == null ? NONE : report.active().toString();
            versions.merge(version, 1, Integer::sum);
            String s = h.failed() ? "failed" : verdict.status() == HostHealth.Status.HEALTHY ? "healthy" : active ? "activated"
                    : cached ? "prefetched" : "pending";
            status.merge(s, 1, Integer::sum);
        }
        Map<Integer, WaveCounts> counts = new TreeMap<>();
        waves.forEach((k, c) -> counts.put(k, new WaveCounts(c[0], c[1], c[2], c[3])));
        return new RolloutProgress(prefetched, counts, versions, status);
    }
}
