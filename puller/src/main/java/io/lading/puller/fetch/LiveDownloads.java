package io.lading.puller.fetch;

import io.lading.spec.digest.Digest;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The downloads in progress in this process whose verified chunks may be served to peers at once, before the
 * blob is complete (issue 6: "re-serve each chunk as soon as verified"). A chunk is listed only once it has
 * matched the chunk index and its bytes are written; no transfer writes to it afterwards.
 */
final class LiveDownloads {
    private final Map<Digest, Live> live = new ConcurrentHashMap<>();

    /** One download's data file, cut and verified chunks. */
    static final class Live {
        private final Path data;
        private final ChunkPlan plan;
        private final BitSet verified;

        Live(Path data, ChunkPlan plan, BitSet verified) {
            this.data = data;
            this.plan = plan;
            this.verified = (BitSet) verified.clone();
        }

        synchronized void verified(int chunk) {
            verified.set(chunk);
        }

        synchronized BitSet chunks() {
            return (BitSet) verified.clone();
        }

        Path data() {
            return data;
        }

        ChunkPlan plan() {
            return plan;
        }
    }

    Live register(Digest digest, Path data, ChunkPlan plan, BitSet verified) {
        Live l = new Live(data, plan, verified);
        live.put(digest, l);
        return l;
    }

    void remove(Digest digest, Live l) {
        live.remove(digest, l);
    }

    Optional<Live> find(Digest digest) {
        return Optional.ofNullable(live.get(digest));
    }
}
