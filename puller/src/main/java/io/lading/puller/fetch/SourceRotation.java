package io.lading.puller.fetch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which source serves which chunk of one blob. Chunks are spread over the sources; a source that served bad
 * bytes, failed or stalled is banned for the rest of this blob, unless it is the last one left, which is
 * then retried (a bounded number of times, counted by the caller).
 */
final class SourceRotation {
    private final List<BlobSource> sources;
    private final Set<BlobSource> banned = new HashSet<>();

    SourceRotation(List<BlobSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a fetch needs at least one source");
        }
        this.sources = List.copyOf(sources);
    }

    synchronized BlobSource pick(int chunk, int attempt) {
        List<BlobSource> usable = new ArrayList<>(sources);
        usable.removeAll(banned);
        return usable.get(Math.floorMod(chunk + attempt, usable.size()));
    }

    /** Returns whether the source was banned (false when it is the last one standing). */
    synchronized boolean banUnlessLast(BlobSource source) {
        if (banned.contains(source) || banned.size() + 1 >= sources.size()) {
            return false;
        }
        return banned.add(source);
    }

    List<String> names() {
        return sources.stream().map(BlobSource::name).toList();
    }
}
