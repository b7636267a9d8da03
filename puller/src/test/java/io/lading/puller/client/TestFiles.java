package io.lading.puller.client;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/** Shared test data: files of seeded random bytes, unique repository names, and reading ranges back. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path random(Path dir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    public static Digest digest(Path file) throws IOException {
        return Digest.sha256Of(Files.readAllBytes(file));
    }

    public static RepositoryName uniqueRepository(String prefix) {
        return RepositoryName.parse(prefix + "/r" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static byte[] slice(Path file, long offset, long length) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) offset, (int) (offset + length));
    }

    public static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
