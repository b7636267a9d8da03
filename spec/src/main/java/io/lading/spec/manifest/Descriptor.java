package io.lading.spec.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lading.spec.digest.Digest;
import java.util.List;
import java.util.Map;

/**
 * A content descriptor: https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md
 * Serialised with only the fields it has, so referrers responses stay minimal.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(String mediaType, String digest, long size, String artifactType,
                         Map<String, String> annotations, List<String> urls, Map<String, Object> platform) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
        platform = platform == null ? Map.of() : Map.copyOf(platform);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest.toString(), size, null, null, null, null);
    }

    public Digest parsedDigest() {
        return Digest.parse(digest);
    }
}
