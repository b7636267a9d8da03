package io.lading.puller;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lading} command line: publish a model ({@code push}), put it on this host ({@code pull},
 * {@code activate}, {@code rollback}, {@code ls}), run the host agent ({@code daemon}) and administer the
 * registry ({@code admin}), and move the fleet ({@code rollout}, {@code channel}, {@code fleet}). A failure is one line on stderr and a non-zero exit.
 */
@Command(name = "lading", mixinStandardHelpOptions = true, version = "lading 0.1.0",
        description = "Put model weights from a Lading registry onto this host, verified and atomically.",
        subcommands = {io.lading.puller.cli.PushCommand.class,
                io.lading.puller.cli.PullCommand.class,
                io.lading.puller.cli.ActivateCommand.class,
                io.lading.puller.cli.RollbackCommand.class,
                io.lading.puller.cli.LsCommand.class,
                io.lading.puller.cli.GcCommand.class,
                io.lading.puller.cli.StatusCommand.class,
                io.lading.puller.cli.VerifyCommand.class,
                io.lading.puller.cli.SignCommand.class,
                io.lading.puller.cli.DaemonCommand.class,
                io.lading.puller.cli.AdminCommand.class,
                io.lading.puller.cli.RolloutCommand.class,
                io.lading.puller.cli.ChannelCommand.class,
                io.lading.puller.cli.FleetCommand.class})
public final class LadingCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one error rule: a failure is one line on stderr and exit code 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new LadingCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lading: " + e.getMessage());
            return 1;
        });
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
