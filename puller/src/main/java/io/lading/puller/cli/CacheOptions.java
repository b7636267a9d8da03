package io.lading.puller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lading.puller.cache.CacheLayout;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where this host's cache is ({@link CacheRoot}), and how to print; shared by the commands that work only on it. */
public final class CacheOptions {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    CacheRoot root;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    CacheLayout layout() {
        return root.layout();
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
}
