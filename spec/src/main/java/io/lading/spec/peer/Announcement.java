package io.lading.spec.peer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Body of {@code POST /lading/v1/peers/{peerId}/blobs} (spec/peers.md): what a peer holds or wants, one entry per
 * blob. Field names are the contract; absent booleans are false.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Announcement(String repository, List<Entry> blobs) {
    /** Entries per announce; a puller batches every 250 ms, so more than this is a bug, not a workload. */
    public static final int MAX_ENTRIES = 256;

    public Announcement {
        blobs = blobs == null ? List.of() : List.copyOf(blobs);
    }

    /** One blob: its chunks held (base64 bitset), complete, replace what the tracker has, or withdraw it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String digest, Long size, String chunks, Boolean complete, Boolean replace, Boolean remove) {
        public static Entry held(String digest, long size, String chunks, boolean complete) {
            return new Entry(digest, size, chunks, complete, null, null);
        }

        public static Entry removal(String digest) {
            return new Entry(digest, null, null, null, null, true);
        }

        public boolean isComplete() {
            return Boolean.TRUE.equals(complete);
        }

        public boolean isReplace() {
            return Boolean.TRUE.equals(replace);
        }

        public boolean isRemoval() {
            return Boolean.TRUE.equals(remove);
        }
    }
}
