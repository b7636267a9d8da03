package io.lading.spec.chunk;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.manifest.Descriptor;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed chunk list of a layer (spec/chunk-index.md, "Signed chunk list"): the sha256 over the raw
 * 32-byte sha256 of each chunk, in order, for chunks of {@code chunkSize} bytes. {@code lading push} puts it
 * in the layer's annotations, so a signature over the manifest also covers every chunk a LAN peer may serve.
 */
public record ChunkListDigest(Digest digest, long chunkSize) {
    public static final String DIGEST_ANNOTATION = "io.lading.chunks.sha256";
    public static final String SIZE_ANNOTATION = "io.lading.chunks.size";

    /** The chunk list digest of a chunk index, to compare with the one a layer carries. */
    public static ChunkListDigest of(ChunkIndex index) {
        MessageDigest list = DigestAlgorithm.SHA256.newMessageDigest();
        index.chunks().forEach(c -> list.update(HexFormat.of().parseHex(c.hex())));
        return new ChunkListDigest(Digest.of(DigestAlgorithm.SHA256, list.digest()), index.chunkSize());
    }

    /** The one a layer descriptor carries, if it carries a well-formed one. */
    public static Optional<ChunkListDigest> from(Descriptor layer) {
        Map<String, String> a = layer.annotations() == null ? Map.of() : layer.annotations();
        String digest = a.get(DIGEST_ANNOTATION);
        String size = a.get(SIZE_ANNOTATION);
        if (digest == null || size == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChunkListDigest(Digest.parse(digest), Long.parseLong(size)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // malformed: treated as absent, so the registry's index is used as before
        }
    }

    /** The two annotations, in a stable order. */
    public Map<String, String> annotations() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DIGEST_ANNOTATION, digest.toString());
        m.put(SIZE_ANNOTATION, Long.toString(chunkSize));
        return m;
    }
}
