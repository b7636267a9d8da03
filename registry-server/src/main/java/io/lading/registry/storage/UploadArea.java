package io.lading.registry.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where upload sessions keep their bytes until they are verified:
 * <pre>
 * &lt;data-dir&gt;/uploads/&lt;session-uuid&gt;/data   bytes received so far, in order
 * </pre>
 * It sits on the same filesystem as the blob store so that publishing is a rename.
 */
public final class UploadArea {
    private final Path root;

    public UploadArea(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** The data file of a session; the UUID type guarantees the name cannot escape the area. */
    public Path dataFile(UUID session) {
        return root.resolve(session.toString()).resolve("data");
    }

    public Path create(UUID session) throws IOException {
        Path dir = Files.createDirectories(root.resolve(session.toString()));
        return Files.createFile(dir.resolve("data"));
    }

    public void remove(UUID session) throws IOException {
        Path dir = root.resolve(session.toString());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
