package io.lading.puller.cli;

import io.lading.puller.cache.CacheLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --cache} option of every command that uses the host's cache. The default follows who runs the
 * command: the daemon runs as root and keeps its cache in {@code /var/lib/lading} (FHS: state that persists
 * across reboots); anyone else gets a private {@code ~/.cache/lading}, so trying the CLI needs no privileges.
 */
public final class CacheRoot {
    static final Path SYSTEM_ROOT = Path.of("/var/lib/lading");

    @Option(names = "--cache", defaultValue = "${env:LADING_CACHE}", paramLabel = "DIR",
            description = "Cache root (env LADING_CACHE; default: /var/lib/lading when run as root, else ~/.cache/lading).")
    Path cache;

    CacheLayout layout() {
        return new CacheLayout(cache != null ? cache : defaultRoot());
    }

    static Path defaultRoot() {
        return isRoot() ? SYSTEM_ROOT : Path.of(System.getProperty("user.home"), ".cache", "lading");
    }

    /** The owner of {@code /proc/self} is the process's user on Linux; elsewhere trust the user name. */
    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
