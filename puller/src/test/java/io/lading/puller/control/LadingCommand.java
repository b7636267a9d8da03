package io.lading.puller.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.LadingCli;
import io.lading.puller.client.TestRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The real {@code lading} command line, run in this JVM as the registry's admin, its output captured. */
record LadingCommand(String registryUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs with --json; fails the test with its stderr unless it exits 0. */
    JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return JSON.readTree(text(all.toArray(String[]::new)));
    }

    /** Runs as given; fails the test with its stderr unless it exits 0; returns stdout. */
    String text(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LadingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--registry", registryUrl, "-u", TestRegistry.ADMIN, "-p", TestRegistry.ADMIN_PASSWORD));
        int exit = cli.execute(all.toArray(String[]::new));
        assertEquals(0, exit, "lading " + String.join(" ", args) + " failed: " + err);
        return out.toString();
    }
}
