package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Explicit pins: blobs an owner (a version being prefetched) still needs. One file per owner under
 * {@code <root>/pins/}, named by the owner in URL-safe base64 (owners are free text such as
 * {@code prefetch org/model@sha256:...}), holding one digest a line, replaced atomically.
 */
final class PinStore {
    private static final Base64.Encoder NAME_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder NAME_DECODER = Base64.getUrlDecoder();
    /** Keeps an encoded owner under the 255-byte file name limit of common filesystems. */
    private static final int MAX_OWNER_BYTES = 180;

    private final Path dir;

    PinStore(Path dir) {
        this.dir = dir;
    }

    /** Sets the owner's pins to exactly {@code digests}, replacing any it had. */
    void pin(String owner, Collection<Digest> digests) throws IOException {
        String content = digests.stream().map(Digest::toString).sorted().distinct()
                .collect(Collectors.joining("\n", "", "\n"));
        DurableFiles.writeAtomically(file(owner), content.getBytes(StandardCharsets.UTF_8));
    }

    void unpin(String owner) throws IOException {
        if (Files.deleteIfExists(file(owner))) {
            DurableFiles.fsyncDirectory(dir);
        }
    }

    Map<String, Set<Digest>> all() throws IOException {
        Map<String, Set<Digest>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> !f.getFileName().toString().startsWith("."))) {
            for (Path f : files) {
                String owner = new String(NAME_DECODER.decode(f.getFileName().toString()), StandardCharsets.UTF_8);
                Set<Digest> digests = new TreeSet<>();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        digests.add(Digest.parse(line.strip()));
                    }
                }
                out.put(owner, digests);
            }
        }
        return out;
    }

    private Path file(String owner) {
        byte[] raw = owner.getBytes(StandardCharsets.UTF_8);
        if (owner.isBlank() || raw.length > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("a pin owner must be 1 to " + MAX_OWNER_BYTES + " bytes, got '" + owner + "'");
        }
        return dir.resolve(NAME_ENCODER.encodeToString(raw));
    }
}
