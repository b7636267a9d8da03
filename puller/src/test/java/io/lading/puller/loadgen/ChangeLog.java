package io.lading.puller.loadgen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Change-to-notify latency: registry-side changes with the registry's own timestamp for each (read from its
 * clock just before it writes the change; same machine, same clock), and the held long polls that answered
 * with a new generation.
 * Each answer is matched with the latest change of its kind committed before it answered; a poll sent
 * after that commit was not held across it (the host was between polls) and is counted apart.
 */
final class ChangeLog {
    /** A change the registry committed at {@code committedMicros} (epoch microseconds). */
    record Change(DesiredChange kind, String label, long committedMicros) {
    }

    /** A held poll that answered with a new generation of {@code kind}. */
    record Notify(String hostId, DesiredChange kind, long sentMicros, long answeredMicros) {
    }

    /** Latencies of the polls matched to one change. */
    record Matched(Change change, Histogram micros) {
    }

    record Attribution(List<Matched> perChange, Histogram all, long notHeld, long unmatched) {
    }

    private final List<Change> changes = new ArrayList<>();

    synchronized void add(Change c) {
        changes.add(c);
    }

    synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    synchronized Attribution attribute(List<Notify> notifies) {
        Map<Change, Histogram> per = new LinkedHashMap<>();
        changes.stream().sorted(Comparator.comparingLong(Change::committedMicros)).forEach(c -> per.put(c, histogram()));
        Histogram all = histogram();
        long notHeld = 0;
        long unmatched = 0;
        for (Notify n : notifies) {
            Optional<Change> cause = per.keySet().stream()
                    .filter(c -> c.kind() == n.kind() && c.committedMicros() <= n.answeredMicros())
                    .max(Comparator.comparingLong(Change::committedMicros));
            if (cause.isEmpty()) {
                unmatched++;
            } else if (cause.get().committedMicros() < n.sentMicros()) {
                notHeld++;
            } else {
                long latency = n.answeredMicros() - cause.get().committedMicros();
                per.get(cause.get()).recordValue(latency);
                all.recordValue(latency);
            }
        }
        List<Matched> out = new ArrayList<>();
        per.forEach((c, h) -> out.add(new Matched(c, h)));
        return new Attribution(out, all, notHeld, unmatched);
    }

    /** Microsecond latencies up to an hour, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }
}
