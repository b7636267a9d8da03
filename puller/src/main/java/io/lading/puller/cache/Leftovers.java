package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.InvalidDigestException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a crash can leave outside the blobs tree: a partial download whose blob was admitted just before the
 * crash (its directory not yet removed), and staging files of interrupted writes. Both take disk space the
 * budget does not see.
 */
final class Leftovers {
    /** A staging file untouched this long belongs to no live write: small blobs are staged in seconds. */
    static final Duration STALE_STAGING = Duration.ofHours(1);

    private final CacheLayout layout;

    Leftovers(CacheLayout layout) {
        this.layout = layout;
    }

    /** Returns the bytes freed. */
    long sweep() throws IOException {
        return sweepAdmittedPartials() + sweepStaleStaging();
    }

    private long sweepAdmittedPartials() throws IOException {
        long freed = 0;
        if (!Files.isDirectory(layout.partials())) {
            return 0;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(layout.partials())) {
            for (Path algorithmDir : algorithms) {
                try (DirectoryStream<Path> downloads = Files.newDirectoryStream(algorithmDir)) {
                    for (Path download : downloads) {
                        String digest = algorithmDir.getFileName() + ":" + download.getFileName();
                        if (Digest.looksLikeDigest(digest) && isCached(digest)) {
                            freed += deleteTree(download);
                        }
                    }
                }
            }
        }
        return freed;
    }

    private boolean isCached(String digest) {
        try {
            return Files.exists(layout.blob(Digest.parse(digest)));
        } catch (InvalidDigestException notADownloadOfOurs) {
            return false;
        }
    }

    private long sweepStaleStaging() throws IOException {
        if (!Files.isDirectory(layout.tmp())) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(STALE_STAGING);
        long freed = 0;
        try (DirectoryStream<Path> staged = Files.newDirectoryStream(layout.tmp())) {
            for (Path f : staged) {
                if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    freed += Files.size(f);
                    Files.deleteIfExists(f);
                }
            }
        }
        return freed;
    }

    private static long deleteTree(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                Files.deleteIfExists(p);
            }
        }
        return bytes;
    }
}
