package io.lading.registry.rollout;

import io.lading.registry.fleet.HostId;
import io.lading.registry.fleet.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Assigns targeted hosts, already in their stable order, to waves: {@code count: n} takes the next n
 * unassigned hosts; {@code percent: p} takes hosts until ceil(p × targeted / 100) are assigned in total;
 * {@code label} takes every unassigned host with those labels. The last wave also takes whatever is left, so
 * every targeted host ends on the target, as the channel will.
 */
public final class WavePlanner {
    private WavePlanner() {
    }

    /** Host → 1-based wave index, in the order given. */
    public static Map<HostId, Integer> plan(List<HostId> ordered, Function<HostId, Labels> labels, List<WaveSpec> waves) {
        Map<HostId, Integer> assigned = new LinkedHashMap<>();
        List<HostId> left = new ArrayList<>(ordered);
        int total = ordered.size();
        for (int i = 0; i < waves.size(); i++) {
            WaveSpec w = waves.get(i);
            int index = i + 1;
            List<HostId> take = new ArrayList<>();
            if (w.count() != null) {
                take.addAll(left.subList(0, Math.min(w.count(), left.size())));
            } else if (w.percent() != null) {
                int upTo = (int) Math.ceil(w.percent() * (double) total / 100.0);
                int n = Math.max(0, upTo - assigned.size());
                take.addAll(left.subList(0, Math.min(n, left.size())));
            } else {
                left.stream().filter(h -> labels.apply(h).includes(w.label())).forEach(take::add);
            }
            if (index == waves.size()) {
                take = new ArrayList<>(left);
            }
            for (HostId h : take) {
                assigned.put(h, index);
            }
            left.removeAll(new java.util.HashSet<>(take));
        }
        return assigned;
    }
}
