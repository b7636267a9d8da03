package io.lading.puller.client.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Annotations;
import io.lading.spec.manifest.MediaTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ModelPack artifact of a set of shards: a config blob (model-spec config.md: descriptor, config,
 * modelfs with one diffId per layer) and an OCI image manifest with the model artifactType and one layer
 * per file. Nothing time-dependent goes in, so pushing the same files again yields the same digest.
 */
public record ModelPackManifest(byte[] config, Digest configDigest, byte[] manifest, Digest manifestDigest) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelPackManifest of(List<ShardFile> shards) {
        byte[] config = json(ordered(
                "descriptor", Map.of(),
                "config", Map.of(),
                "modelfs", ordered("type", "layers", "diffIds", shards.stream().map(s -> s.digest().toString()).toList())));
        Digest configDigest = Digest.sha256Of(config);
        List<Map<String, Object>> layers = shards.stream().map(s -> ordered(
                "mediaType", s.mediaType(), "digest", s.digest().toString(), "size", s.size(),
                "annotations", annotations(s))).toList();
        Map<String, Object> manifest = ordered("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                "artifactType", MediaTypes.MODEL_ARTIFACT,
                "config", ordered("mediaType", MediaTypes.MODEL_CONFIG, "digest", configDigest.toString(), "size", config.length));
        manifest.put("layers", layers);
        byte[] bytes = json(manifest);
        return new ModelPackManifest(config, configDigest, bytes, Digest.sha256Of(bytes));
    }

    /** The title, and the chunk list digest that puts every chunk under the manifest's signature. */
    private static Map<String, String> annotations(ShardFile s) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Annotations.TITLE, s.title());
        if (s.chunkList() != null) {
            a.putAll(s.chunkList().annotations());
        }
        return a;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
