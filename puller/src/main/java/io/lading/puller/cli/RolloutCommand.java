package io.lading.puller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lading.puller.client.RegistryClient;
import io.lading.spec.auth.Action;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lading rollout ...}: move a fleet to a version in waves through the registry's control plane
 * (spec/control-plane.md, Rollouts), watch it, and steer it.
 */
@Command(name = "rollout", description = "Start, watch and steer rollouts of a model version across the fleet.",
        subcommands = {RolloutCommand.Start.class, RolloutCommand.Status.class, RolloutCommand.ListRollouts.class,
                RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Abort.class,
                RolloutCommand.Rollback.class, RolloutCommand.Promote.class})
public final class RolloutCommand {
    static final String ROLLOUTS = "/lading/v1/rollouts";

    @Command(name = "start", description = "Start a rollout: prefetch on every targeted host, then activate wave by wave.")
    static final class Start extends LadingApiCall {
        @Parameters(paramLabel = "MODEL", description = "Repository, e.g. models/llama") String model;
        @Option(names = "--target", required = true, description = "Digest or tag to roll out (resolved at start).") String target;
        @Option(names = "--channel", defaultValue = "prod", description = "Channel moved when it completes (default: ${DEFAULT-VALUE}).") String channel;
        @Option(names = "--selector", description = "Label every targeted host must have, k=v (repeatable).") Map<String, String> selector;
        @Option(names = "--wave", description = "count=N|percent=P|label.<k>=<v>[,bake=60s][,max-failures=N] (repeatable, in order).")
        List<String> waves;
        @Option(names = "--on-failure", defaultValue = "pause", description = "pause or rollback (default: ${DEFAULT-VALUE}).") String onFailure;
        @Option(names = "--reason", description = "Why, for the audit log and events.") String reason;

        Map<String, Object> body() {
            RepositoryName name = model(model);
            if (!onFailure.equals("pause") && !onFailure.equals("rollback")) {
                throw new CliFailure("--on-failure must be pause or rollback, got '" + onFailure + "'");
            }
            List<Map<String, Object>> parsed = new ArrayList<>();
            (waves == null ? List.<String>of() : waves).forEach(w -> parsed.add(WaveSpec.parse(w).toJson()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", name.value());
            body.put("channel", name("channel", channel));
            body.put("target", target);
            body.put("selector", selector == null ? Map.of() : selector);
            if (!parsed.isEmpty()) {
                body.put("waves", parsed);
            }
            body.put("onFailure", onFailure);
            if (reason != null) {
                body.put("reason", reason);
            }
            return body;
        }

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            Map<String, Object> body = body();
            return c.call("POST", ROLLOUTS, body, scopes(model(model), Action.ROLLOUT));
        }

        String text(JsonNode b) {
            return "started " + RolloutView.full(b);
        }
    }

    @Command(name = "status", description = "Show a rollout; --watch follows it live until it ends.")
    static final class Status extends LadingApiCall {
        /** How often --watch asks; the registry's ticker moves rollouts once a second. */
        private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
        private static final String CLEAR_SCREEN = "\033[H\033[2J";

        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--watch", description = "Keep showing progress until the rollout ends.") boolean watch;

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            return c.call("GET", ROLLOUTS + "/" + rolloutId(id), null, List.of());
        }

        @Override
        public Integer call() throws IOException {
            if (!watch) {
                return super.call();
            }
            RegistryClient client = options.client();
            PrintWriter out = spec.commandLine().getOut();
            boolean terminal = !options.json && Progress.stdoutIsTerminal();
            String shown = null;
            while (true) {
                JsonNode status = check(send(client));
                String view = options.json ? status.toString() : terminal ? RolloutView.full(status) : RolloutView.line(status);
                if (!view.equals(shown)) {
                    // On a terminal the view is redrawn in place; in a log each change is one more line.
                    out.println(terminal ? CLEAR_SCREEN + view : view);
                    out.flush();
                    shown = view;
                }
                if (RolloutView.finished(status)) {
                    return 0;
                }
                try {
                    Thread.sleep(WATCH_EVERY);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 130;
                }
            }
        }

        String text(JsonNode b) {
            return RolloutView.full(b);
        }
    }

    @Command(name = "list", description = "List rollouts, newest first.")
    static final class ListRollouts extends LadingApiCall {
        @Option(names = "--model", description = "Only this model's.") String model;
        @Option(names = "--state", description = "prefetching, running, paused, completed, aborted or rolled_back.") String state;
        @Option(names = "-n", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).") int n;

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            List<String> scopes = model == null ? List.of() : scopes(model(model));
            return c.call("GET", ROLLOUTS + "?n=" + n + query("model", model) + query("state", state), null, scopes);
        }

        String text(JsonNode b) {
            StringBuilder out = new StringBuilder(String.format("%-10s %-32s %-10s %-12s %-20s %s", "ID", "MODEL", "CHANNEL", "STATE",
                    "TARGET", "WAVE"));
            b.path("rollouts").forEach(r -> out.append(String.format("%n%-10s %-32s %-10s %-12s %-20s %d/%d", r.path("id").asText(),
                    r.path("model").asText(), r.path("channel").asText(), r.path("state").asText(), shortDigest(r.path("target")),
                    r.path("currentWave").asInt(), r.path("waves").size())));
            return b.path("rollouts").isEmpty() ? "no rollouts" : out.toString();
        }
    }

    /** pause, resume, abort, rollback, promote: {@code POST /lading/v1/rollouts/{id}/{action}}. */
    abstract static class Steer extends LadingApiCall {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--reason", description = "Why, for the audit log and events.") String reason;

        abstract String action();

        RegistryClient.Reply send(RegistryClient c) throws IOException {
            return c.call("POST", ROLLOUTS + "/" + rolloutId(id) + "/" + action(), reason == null ? Map.of() : Map.of("reason", reason),
                    List.of());
        }

        String text(JsonNode b) {
            return action() + ": " + RolloutView.full(b);
        }
    }

    @Command(name = "pause", description = "Stop advancing; hosts keep what they have.")
    static final class Pause extends Steer {
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Continue a paused rollout; the failure budget counts anew.")
    static final class Resume extends Steer {
        String action() {
            return "resume";
        }
    }

    @Command(name = "abort", description = "Stop where it is: activated hosts stay on the target; the channel does not move.")
    static final class Abort extends Steer {
        String action() {
            return "abort";
        }
    }

    @Command(name = "rollback", description = "Every targeted host back to the version it had at the start (from its cache).")
    static final class Rollback extends Steer {
        String action() {
            return "rollback";
        }
    }

    @Command(name = "promote", description = "Skip the rest of the current wave's bake time.")
    static final class Promote extends Steer {
        String action() {
            return "promote";
        }
    }
}
