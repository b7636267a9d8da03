package io.lading.puller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lading.puller.cache.CacheLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where this host's cache is, and how to print; shared by every command that works on the local cache.
 * The default follows who runs the command: the daemon runs as root and keeps its cache in
 * {@code /var/lib/lading} (FHS: state that persists across reboots); anyone else gets a private
 * {@code ~/.cache/lading}, so trying the CLI needs no privileges.
 */
public final class CacheOptions {
    static final Path SYSTEM_ROOT = Path.of("/var/lib/lading");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--cache", defaultValue = "${env:LADING_CACHE}", paramLabel = "DIR",
            description = "Cache root (env LADING_CACHE; default: /var/lib/lading when run as root, else ~/.cache/lading).")
    Path cache;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    CacheLayout layout() {
        return new CacheLayout(cache != null ? cache : defaultRoot());
    }

    static Path defaultRoot() {
        return isRoot() ? SYSTEM_ROOT : Path.of(System.getProperty("user.home"), ".cache", "lading");
    }

    /** Prints the JSON form with {@code --json}, else the text, on the command's own stdout. */
    void print(CommandSpec spec, Object jsonValue, String text) {
        try {
            spec.commandLine().getOut().println(json ? JSON.writeValueAsString(jsonValue) : text);
            spec.commandLine().getOut().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
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
