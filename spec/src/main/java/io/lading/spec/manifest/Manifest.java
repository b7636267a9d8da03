package io.lading.spec.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.InvalidDigestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an image manifest or index that a registry acts on. The registry stores the exact
 * bytes it was given; this view is only read from them, never re-serialised.
 * See https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md and image-index.md
 */
public record Manifest(String mediaType, String artifactType, Descriptor config, List<Descriptor> layers,
                       List<Descriptor> manifests, Descriptor subject, Map<String, String> annotations) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public Manifest {
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
        annotations = Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    public Optional<Descriptor> subjectDescriptor() {
        return Optional.ofNullable(subject);
    }

    /**
     * The artifact type a referrers response reports for this manifest: its own {@code artifactType},
     * else its config's media type (image-spec 1.1 "guidelines for artifact usage").
     */
    public Optional<String> effectiveArtifactType() {
        if (artifactType != null && !artifactType.isEmpty()) {
            return Optional.of(artifactType);
        }
        if (config != null && !isIndex()) {
            return Optional.of(config.mediaType());
        }
        return Optional.empty();
    }

    /** Every blob this manifest needs in its repository: the config and the layers. */
    public List<Descriptor> blobReferences() {
        List<Descriptor> all = new ArrayList<>();
        if (config != null) {
            all.add(config);
        }
        all.addAll(layers);
        return all;
    }

    /**
     * Parses manifest bytes. {@code contentType} is the request's Content-Type, or null.
     * A {@code mediaType} field, when present, must agree with it.
     */
    public static Manifest parse(byte[] bytes, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidManifestException("manifest could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("manifest must be a JSON object");
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new InvalidManifestException("manifest schemaVersion must be 2");
        }
        String mediaType = effectiveMediaType(root, contentType);
        boolean index = MediaTypes.INDEXES.contains(mediaType);
        Descriptor config = null;
        List<Descriptor> layers = List.of();
        List<Descriptor> manifests = List.of();
        if (index) {
            manifests = descriptors(root, "manifests", true);
        } else {
            config = descriptor(root.get("config"), "config");
            layers = descriptors(root, "layers", false);
        }
        Descriptor subject = root.hasNonNull("subject") ? descriptor(root.get("subject"), "subject") : null;
        String artifactType = text(root, "artifactType");
        return new Manifest(mediaType, artifactType, config, layers, manifests, subject, stringMap(root.get("annotations")));
    }

    private static String effectiveMediaType(JsonNode root, String contentType) {
        String declared = text(root, "mediaType");
        String header = contentType == null ? null : contentType.split(";", 2)[0].trim();
        if (header != null && header.isEmpty()) {
            header = null;
        }
        if (declared != null && header != null && !declared.equals(header)) {
            throw new InvalidManifestException("manifest mediaType '" + declared
                    + "' does not match Content-Type '" + header + "'");
        }
        String mediaType = declared != null ? declared : header;
        if (mediaType == null) {
            throw new InvalidManifestException("manifest has no mediaType field and the request no Content-Type");
        }
        if (!MediaTypes.MANIFESTS.contains(mediaType)) {
            throw new InvalidManifestException("manifest media type '" + mediaType + "' is not supported; expected one of "
                    + MediaTypes.MANIFESTS);
        }
        return mediaType;
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, boolean required) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            if (required) {
                throw new InvalidManifestException("manifest has no '" + field + "' array");
            }
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidManifestException("manifest field '" + field + "' must be an array");
        }
        List<Descriptor> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    static Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException("manifest " + where + " must be a descriptor object");
        }
        String mediaType = text(node, "mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw new InvalidManifestException("manifest " + where + " has no mediaType");
        }
        String digest = text(node, "digest");
        try {
            Digest.parse(digest);
        } catch (InvalidDigestException e) {
            throw new InvalidManifestException("manifest " + where + " has an invalid digest: " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidManifestException("manifest " + where + " needs a non-negative integer size");
        }
        List<String> urls = new ArrayList<>();
        node.path("urls").forEach(u -> urls.add(u.asText()));
        Map<String, Object> platform = node.has("platform")
                ? JSON.convertValue(node.get("platform"), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
                : null;
        return new Descriptor(mediaType, digest, size.asLong(), text(node, "artifactType"),
                stringMap(node.get("annotations")), urls, platform);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidManifestException("manifest field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
