package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One call to the control plane (spec/control-plane.md) from the command line: the answer printed as text, or
 * as the registry's JSON with {@code --json}; a refusal is one line and exit 1. Names and ids are checked here,
 * before they become part of a path.
 */
abstract class LadingApiCall implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern ROLLOUT_ID = Pattern.compile("r-[0-9]{1,18}");

    @Mixin
    RegistryOptions options;

    @Spec
    CommandSpec spec;

    /** Sends the request; the registry's answer, whatever its status. */
    abstract RegistryClient.Reply send(RegistryClient client) throws IOException;

    abstract String text(JsonNode body);

    @Override
    public Integer call() throws IOException {
        print(check(send(options.client())));
        return 0;
    }

    static JsonNode check(RegistryClient.Reply reply) {
        if (reply.status() >= 300) {
            throw new CliFailure("the registry answered " + reply.status() + ": " + RegistryClient.message(reply.body(), ""));
        }
        return reply.body();
    }

    void print(JsonNode body) {
        // The command's own writer, not System.out: scripts and tests capture it.
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? (body == null ? "{}" : body.toPrettyString()) : text(body));
        out.flush();
    }

    static RepositoryName model(String value) {
        try {
            return RepositoryName.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("'" + value + "' is not a repository name: " + e.getMessage());
        }
    }

    static String name(String what, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new CliFailure(what + " '" + value + "' must match [a-z0-9][a-z0-9._-]{0,62}");
        }
        return value;
    }

    static String rolloutId(String value) {
        if (!ROLLOUT_ID.matcher(value).matches()) {
            throw new CliFailure("'" + value + "' is not a rollout id (r-<number>, as `lading rollout list` shows)");
        }
        return value;
    }

    static List<String> scopes(RepositoryName model, Action... actions) {
        EnumSet<Action> set = EnumSet.of(Action.PULL, actions);
        return List.of(Scope.repository(model, set).toString());
    }

    static String query(String key, String value) {
        return value == null ? "" : "&" + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code sha256:0123456789ab…}: enough of a digest to tell versions apart in a table. */
    static String shortDigest(JsonNode digest) {
        if (digest == null || digest.isNull() || digest.isMissingNode()) {
            return "none";
        }
        return shortDigest(digest.asText());
    }

    static String shortDigest(String d) {
        return d.length() > 19 ? d.substring(0, 19) : d;
    }
}
