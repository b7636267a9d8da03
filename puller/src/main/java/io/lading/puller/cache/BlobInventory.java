package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the blobs tree ({@code blobs/<algorithm>/<2 hex>/<hex>}) into {@link CachedBlob}s. */
final class BlobInventory {
    private final Path blobs;

    BlobInventory(Path blobs) {
        this.blobs = blobs;
    }

    List<CachedBlob> scan(Set<Digest> pinned) throws IOException {
        List<CachedBlob> out = new ArrayList<>();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            Path algorithmDir = blobs.resolve(algorithm.id());
            if (!Files.isDirectory(algorithmDir)) {
                continue;
            }
            try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(algorithmDir)) {
                for (Path prefix : fanOut) {
                    scanPrefix(algorithm, prefix, pinned, out);
                }
            }
        }
        return out;
    }

    private static void scanPrefix(DigestAlgorithm algorithm, Path prefix, Set<Digest> pinned, List<CachedBlob> out)
            throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path file : files) {
                Digest digest = parse(algorithm, file.getFileName().toString());
                if (digest == null) {
                    continue; // not ours (an editor's backup, say): neither counted nor evicted
                }
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    out.add(new CachedBlob(digest, file, attrs.size(), attrs.lastModifiedTime().toInstant(),
                            DurableFiles.links(file), pinned.contains(digest)));
                } catch (NoSuchFileException evictedMeanwhile) {
                    // another eviction removed it between listing and reading; it no longer counts
                }
            }
        }
    }

    private static Digest parse(DigestAlgorithm algorithm, String name) {
        try {
            return new Digest(algorithm, name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
