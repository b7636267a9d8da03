package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lading admin ...}: robots, grants and the audit log, through the registry's admin API. */
@Command(name = "admin", description = "Manage robots, grants and read the audit log (needs the admin grant).",
        subcommands = {AdminCommand.RobotCreate.class, AdminCommand.RobotList.class, AdminCommand.RobotRevoke.class,
                AdminCommand.GrantAdd.class, AdminCommand.GrantList.class, AdminCommand.GrantRevoke.class, AdminCommand.Audit.class})
public final class AdminCommand {

    /** Runs one admin call and prints its answer; any refusal becomes a one-line error and exit 1. */
    abstract static class Call implements Callable<Integer> {
        @Mixin
        RegistryOptions options;

        @Spec
        CommandSpec spec;

        abstract RegistryClient.Reply call(RegistryClient client);

        abstract String text(JsonNode body);

        @Override
        public Integer call() {
            RegistryClient.Reply reply = call(options.client());
            if (reply.status() >= 300) {
                throw new CliFailure("the registry answered " + reply.status() + ": " + RegistryClient.message(reply.body(), ""));
            }
            // The command's own writer, not System.out: scripts and tests capture it.
            PrintWriter out = spec.commandLine().getOut();
            out.println(options.json ? (reply.body() == null ? "{}" : reply.body().toPrettyString()) : text(reply.body()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "robot-create", description = "Create a robot account; prints its secret once.")
    static final class RobotCreate extends Call {
        @Parameters(paramLabel = "NAME") String name;

        RegistryClient.Reply call(RegistryClient c) {
            return c.post("/lading/v1/admin/robots", Map.of("name", name));
        }

        String text(JsonNode b) {
            return "robot " + b.path("name").asText() + " created; secret (shown once): " + b.path("secret").asText();
        }
    }

    @Command(name = "robot-list", description = "List users and robots.")
    static final class RobotList extends Call {
        RegistryClient.Reply call(RegistryClient c) {
            return c.get("/lading/v1/admin/principals");
        }

        String text(JsonNode b) {
            StringBuilder out = new StringBuilder(String.format("%-32s %-6s %s", "NAME", "KIND", "STATE"));
            b.path("principals").forEach(p -> out.append(String.format("%n%-32s %-6s %s", p.path("name").asText(),
                    p.path("kind").asText(), p.path("revoked").asBoolean() ? "revoked" : "active")));
            return out.toString();
        }
    }

    @Command(name = "robot-revoke", description = "Revoke a robot or user: it can get no new token from now on.")
    static final class RobotRevoke extends Call {
        @Parameters(paramLabel = "NAME") String name;

        RegistryClient.Reply call(RegistryClient c) {
            return c.delete("/lading/v1/admin/principals/" + name);
        }

        String text(JsonNode b) {
            return "revoked " + name;
        }
    }

    @Command(name = "grant-add", description = "Grant actions on repositories matching a pattern (* within a component, ** across).")
    static final class GrantAdd extends Call {
        @ArgGroup(multiplicity = "1") Who who;
        @Option(names = "--repository", required = true, description = "Repository pattern, e.g. models/team-a/**") String repository;
        @Option(names = "--actions", required = true, split = ",", description = "pull,push,delete,rollout,admin") List<String> actions;

        static final class Who {
            @Option(names = "--principal", description = "User or robot name") String principal;
            @Option(names = "--anonymous", description = "Anyone, without credentials (pull only)") boolean anonymous;
        }

        RegistryClient.Reply call(RegistryClient c) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("principal", who.anonymous ? null : who.principal);
            body.put("repository", repository);
            body.put("actions", actions);
            return c.post("/lading/v1/admin/grants", body);
        }

        String text(JsonNode b) {
            return "grant " + b.path("id").asText() + ": " + GrantList.line(b);
        }
    }

    @Command(name = "grant-list", description = "List every grant.")
    static final class GrantList extends Call {
        RegistryClient.Reply call(RegistryClient c) {
            return c.get("/lading/v1/admin/grants");
        }

        static String line(JsonNode g) {
            String who = g.path("principal").isNull() ? "(anonymous)" : g.path("principal").asText();
            return who + " may " + String.join(",", toList(g.path("actions"))) + " on " + g.path("repository").asText();
        }

        private static List<String> toList(JsonNode array) {
            List<String> out = new java.util.ArrayList<>();
            array.forEach(a -> out.add(a.asText()));
            return out;
        }

        String text(JsonNode b) {
            StringBuilder out = new StringBuilder();
            b.path("grants").forEach(g -> out.append(out.isEmpty() ? "" : "\n").append(g.path("id").asText()).append("  ").append(line(g)));
            return out.isEmpty() ? "no grants" : out.toString();
        }
    }

    @Command(name = "grant-revoke", description = "Remove a grant by id.")
    static final class GrantRevoke extends Call {
        @Parameters(paramLabel = "ID") long id;

        RegistryClient.Reply call(RegistryClient c) {
            return c.delete("/lading/v1/admin/grants/" + id);
        }

        String text(JsonNode b) {
            return "removed grant " + id;
        }
    }

    @Command(name = "audit", description = "List audit events: who did what, when, from where.")
    static final class Audit extends Call {
        @Option(names = "--after", defaultValue = "0", description = "Only events after this id.") long after;
        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).") int limit;

        RegistryClient.Reply call(RegistryClient c) {
            return c.get("/lading/v1/admin/audit?after=" + after + "&limit=" + limit);
        }

        String text(JsonNode b) {
            StringBuilder out = new StringBuilder();
            b.path("events").forEach(e -> out.append(out.isEmpty() ? "" : "\n").append(String.format("%6d %s %-16s %-7s %-14s %s %s",
                    e.path("id").asLong(), e.path("at").asText(), e.path("actor").asText(), e.path("outcome").asText(),
                    e.path("action").asText(), e.path("target").asText(), e.path("detail").isNull() ? "" : e.path("detail").asText())));
            return out.isEmpty() ? "no events" : out.toString();
        }
    }
}
