package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.InvalidManifestException;
import io.lading.spec.manifest.Manifest;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The blobs that the {@code current} and {@code previous} version of every model need: the layers and config
 * listed by the version's {@code manifest.json} (the exact manifest bytes) and the manifest itself. Model
 * names have several components ({@code org/team/model}), so the models tree is walked for those links.
 */
final class ActiveVersions {
    private static final List<String> ACTIVE_LINKS = List.of("current", "previous");
    private static final String VERSIONS_DIR = "versions";

    private final Path models;

    ActiveVersions(Path models) {
        this.models = models;
    }

    /**
     * Throws when a manifest cannot be read: guessing would let eviction remove a blob that serving needs.
     */
    Set<Digest> needed() throws IOException {
        Set<Digest> out = new TreeSet<>();
        if (!Files.isDirectory(models)) {
            return out;
        }
        Files.walkFileTree(models, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // Version directories hold layer files with arbitrary titles; only their links matter here.
                boolean versionsOfAModel = dir.getFileName().toString().equals(VERSIONS_DIR)
                        && ACTIVE_LINKS.stream().anyMatch(l -> Files.isSymbolicLink(dir.resolveSibling(l)));
                return versionsOfAModel ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink() && ACTIVE_LINKS.contains(file.getFileName().toString())) {
                    addVersion(file.resolve(CacheLayout.VERSION_MANIFEST), out);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static void addVersion(Path manifestFile, Set<Digest> out) throws IOException {
        if (!Files.isRegularFile(manifestFile)) {
            return; // a dangling link (a version already removed); its blobs are no longer needed
        }
        byte[] bytes = Files.readAllBytes(manifestFile);
        try {
            Manifest manifest = Manifest.parse(bytes, null);
            out.add(Digest.sha256Of(bytes));
            for (Descriptor d : manifest.blobReferences()) {
                out.add(d.parsedDigest());
            }
        } catch (InvalidManifestException e) {
            throw new IOException("cannot tell which blobs " + manifestFile + " needs, so nothing is evicted: "
                    + e.getMessage(), e);
        }
    }
}
