package io.lading.puller.trust;

import io.lading.puller.cache.CacheLayout;
import io.lading.puller.cache.DurableFiles;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The signing time of each version this host activated under a policy, for rollback protection:
 * {@code models/<name>/.signed-at/<hex>} holds one ISO-8601 instant. The leading dot keeps it out of the
 * model scan; one small file per version, written atomically, so {@code lading rollback} (which only swaps
 * links) moves the baseline with it and a crash never leaves half a time.
 */
public final class SigningTimes {
    private static final String DIR = ".signed-at";
    private final CacheLayout layout;

    public SigningTimes(CacheLayout layout) {
        this.layout = layout;
    }

    public Optional<Instant> of(RepositoryName model, Digest version) throws IOException {
        try {
            return Optional.of(Instant.parse(Files.readString(file(model, version), StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException neverRecorded) {
            return Optional.empty();
        } catch (DateTimeParseException e) {
            throw new IOException("signing time " + file(model, version) + " is corrupt: " + e.getMessage(), e);
        }
    }

    public void record(RepositoryName model, Digest version, Instant signedAt) throws IOException {
        DurableFiles.writeAtomically(file(model, version), (signedAt + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Forgets the times of every version but {@code keep}, so the state stays as small as the model's links. */
    public void retainOnly(RepositoryName model, Set<Digest> keep) throws IOException {
        Path dir = layout.model(model).resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> kept = keep.stream().map(Digest::hex).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> !kept.contains(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private Path file(RepositoryName model, Digest version) {
        return layout.model(model).resolve(DIR).resolve(version.hex());
    }
}
