package io.lading.puller.fetch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the daemon exports as metrics; one per engine, updated from every stream without locks. */
public final class FetchStats {
    private final Map<String, LongAdder> bytesBySource = new ConcurrentHashMap<>();
    private final LongAdder verifyFailures = new LongAdder();
    private final LongAdder chunksRefetched = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private final LongAdder blobsFetched = new LongAdder();
    private final LongAdder blobsFromCache = new LongAdder();
    private final LongAdder readBack = new LongAdder();

    /** Everything a source sent, good or bad. */
    void received(String source, long bytes) {
        bytesBySource.computeIfAbsent(source, s -> new LongAdder()).add(bytes);
    }

    void verifyFailed() {
        verifyFailures.increment();
    }

    void refetched() {
        chunksRefetched.increment();
    }

    void stalled() {
        stalls.increment();
    }

    void fetched() {
        blobsFetched.increment();
    }

    /** Bytes hashed by reading them back from the data file, not as they arrived: each is a second read. */
    void readBack(long bytes) {
        readBack.add(bytes);
    }

    void servedFromCache() {
        blobsFromCache.increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> bytes = new TreeMap<>();
        bytesBySource.forEach((source, n) -> bytes.put(source, n.sum()));
        return new Snapshot(Map.copyOf(bytes), verifyFailures.sum(), chunksRefetched.sum(), stalls.sum(),
                blobsFetched.sum(), blobsFromCache.sum(), readBack.sum());
    }

    public record Snapshot(Map<String, Long> bytesBySource, long verifyFailures, long chunksRefetched, long stalls,
                           long blobsFetched, long blobsFromCache, long bytesReadBack) {

        public long bytesFrom(String source) {
            return bytesBySource.getOrDefault(source, 0L);
        }
    }
}
