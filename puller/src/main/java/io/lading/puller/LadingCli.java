package io.lading.puller;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lading} command line: {@code push} (a directory of shards as a ModelPack artifact) and
 * {@code admin} (robots, grants, audit). Pull, activate, rollback and the daemon arrive with the puller issue.
 */
@Command(name = "lading", mixinStandardHelpOptions = true, version = "lading 0.1.0",
        description = "Put model weights from a Lading registry onto this host, verified and atomically.",
        subcommands = {io.lading.puller.cli.AdminCommand.class, io.lading.puller.cli.PushCommand.class})
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
