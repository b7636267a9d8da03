package io.lading.spec.chunk;

import io.lading.spec.digest.Digest;
import java.util.List;

/**
 * The sha256 of every fixed-size chunk of a blob, so a puller can verify a piece from an untrusted
 * peer before it has the whole blob. The last chunk may be shorter; an empty blob has no chunks.
 * Wire format: spec/chunk-index.md.
 */
public record ChunkIndex(Digest digest, long size, long chunkSize, List<Digest> chunks) {

    public ChunkIndex {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        chunks = List.copyOf(chunks);
        long expected = chunkCount(size, chunkSize);
        if (chunks.size() != expected) {
            throw new IllegalArgumentException("a blob of " + size + " bytes in chunks of " + chunkSize
                    + " has " + expected + " chunks, but the index lists " + chunks.size());
        }
    }

    public static long chunkCount(long size, long chunkSize) {
        return (size + chunkSize - 1) / chunkSize;
    }

    /** Offset of the first byte of chunk {@code i}. */
    public long offset(int i) {
        return i * chunkSize;
    }

    /** Length of chunk {@code i}: the chunk size, except for a shorter last chunk. */
    public long length(int i) {
        return Math.min(chunkSize, size - offset(i));
    }

    /** The JSON document of spec/chunk-index.md. */
    public Wire toWire() {
        return new Wire(digest.toString(), size, chunkSize, "sha256", chunks.stream().map(Digest::toString).toList());
    }

    public static ChunkIndex fromWire(Wire w) {
        return new ChunkIndex(Digest.parse(w.digest()), w.size(), w.chunkSize(),
                w.chunks().stream().map(Digest::parse).toList());
    }

    /** Serialised form; field names are the contract. */
    public record Wire(String digest, long size, long chunkSize, String chunkAlgorithm, List<String> chunks) {
    }
}
