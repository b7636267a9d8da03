package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lading status}: what the daemon on this host serves and is doing, from its local /status. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show what the local daemon serves: per model the active, previous and desired version, its state and last error.")
public final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--daemon", defaultValue = "${env:LADING_DAEMON:-http://127.0.0.1:7070}",
            description = "The daemon's local address (env LADING_DAEMON; default: ${DEFAULT-VALUE}).")
    String daemon;

    @Option(names = "--json", description = "Print the daemon's JSON as it is.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String body;
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
                    HttpRequest.newBuilder(URI.create(daemon + "/status")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new CliFailure("the daemon at " + daemon + " answered HTTP " + r.statusCode());
            }
            body = r.body();
        } catch (IOException e) {
            throw new CliFailure("no daemon answers at " + daemon + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is `lading daemon` running?");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body);
        } else {
            JsonNode models = JSON.readTree(body).path("models");
            if (models.isEmpty()) {
                out.println("the daemon has not synced any model yet");
            }
            for (JsonNode m : models) {
                out.printf("%s  %s  active %s%s%s%n", m.path("model").asText(), m.path("state").asText(), m.path("active").asText("none"),
                        m.path("desired").asText().equals(m.path("active").asText()) ? "" : "  desired " + m.path("desired").asText(),
                        m.path("lastError").isNull() ? "" : "  error: " + m.path("lastError").asText());
            }
        }
        out.flush();
        return 0;
    }
}
