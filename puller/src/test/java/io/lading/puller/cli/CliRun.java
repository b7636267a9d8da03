package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.LadingCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** One run of the real {@code lading} command line with its stdout and stderr captured. */
record CliRun(int exit, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LadingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + out, e);
        }
    }

    /** The error, checked to be exactly one line: what an operator sees when a command fails. */
    String oneLineError() {
        String trimmed = err.strip();
        if (trimmed.isEmpty() || trimmed.contains("\n")) {
            throw new AssertionError("expected exactly one line on stderr, got: '" + err + "'");
        }
        return trimmed;
    }
}
