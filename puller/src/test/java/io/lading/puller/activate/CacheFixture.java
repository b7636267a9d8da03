package io.lading.puller.activate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Annotations;
import io.lading.spec.manifest.MediaTypes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real puller cache in a temporary directory, filled the way the fetch engine leaves it: read-only
 * blobs under their digests, manifests and configs among them. Shared by the activation and CLI tests.
 */
public final class CacheFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final CacheLayout layout;

    public CacheFixture(Path root) {
        this.layout = new CacheLayout(root);
    }

    /** One layer of a manifest: a file title (null for none) and the blob it names. */
    public record Layer(String title, Digest digest, long size) {
    }

    /** Stores bytes as a verified blob and returns their digest. */
    public Digest blob(byte[] content) {
        Digest digest = Digest.sha256Of(content);
        write(digest, p -> Files.write(p, content));
        return digest;
    }

    public Layer layer(String title, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Layer(title, blob(bytes), bytes.length);
    }

    /**
     * A sparse blob of {@code size} bytes under a made-up digest: only for timing activation of huge
     * models, which never reads blob content (the fetch engine verified it already).
     */
    public Layer sparseLayer(String title, long size) {
        Digest digest = Digest.sha256Of((title + size + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        write(digest, p -> {
            try (RandomAccessFile file = new RandomAccessFile(p.toFile(), "rw")) {
                file.setLength(size);
            }
        });
        return new Layer(title, digest, size);
    }

    /** A version whose layers are titled {@code shard-<i>.safetensors} with the given contents. */
    public Digest version(String... contents) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            layers.add(layer("shard-" + i + ".safetensors", contents[i]));
        }
        return manifest(layers);
    }

    /** Stores a ModelPack-style manifest (and its config) for these layers; returns the manifest digest. */
    public Digest manifest(List<Layer> layers) {
        byte[] config = ("{\"descriptor\":{\"name\":\"fixture\"},\"layers\":" + layers.size() + "}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(config);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.put("artifactType", MediaTypes.MODEL_ARTIFACT);
        m.put("config", Map.of("mediaType", MediaTypes.MODEL_CONFIG, "digest", configDigest.toString(), "size", config.length));
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", MediaTypes.MODEL_WEIGHT_RAW);
            d.put("digest", l.digest().toString());
            d.put("size", l.size());
            if (l.title() != null) {
                d.put("annotations", Map.of(Annotations.TITLE, l.title()));
            }
            ls.add(d);
        }
        m.put("layers", ls);
        try {
            return blob(JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory a version is built in. */
    public Path versionDir(String model, Digest manifest) {
        return layout.models().resolve(model).resolve("versions").resolve(manifest.hex());
    }

    private interface Writer {
        void write(Path p) throws IOException;
    }

    private void write(Digest digest, Writer writer) {
        Path p = layout.blob(digest);
        try {
            if (Files.exists(p)) {
                return;
            }
            Files.createDirectories(p.getParent());
            writer.write(p);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
