package io.lading.puller.cli;

import io.lading.puller.activate.Activation;
import io.lading.puller.activate.Activator;
import io.lading.spec.name.RepositoryName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lading rollback <repository>}: swap current and previous, then tell the inference server. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Make the previous version current again (and the current one previous), atomically.")
public final class RollbackCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPOSITORY", description = "The model, e.g. team/llama")
    String repository;

    @Mixin
    CacheOptions options;

    @Mixin
    ActivateCommand.HookOptions hookOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RepositoryName name = RepositoryName.parse(repository);
        Activation a = new Activator(options.layout()).rollback(name, hookOptions.hook());
        String text = name + ": rolled back to " + a.current() + a.previous().map(p -> ", previous is " + p).orElse("");
        options.print(spec, ActivateCommand.json(a), text);
        return 0;
    }
}
