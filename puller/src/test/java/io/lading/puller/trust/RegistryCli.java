package io.lading.puller.trust;

import io.lading.puller.LadingCli;
import io.lading.puller.client.TestRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One run of the real {@code lading} command line against a registry as its admin, stdout and stderr captured. */
public record RegistryCli(int exit, String out, String err) {

    public static RegistryCli run(String registryUrl, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--registry", registryUrl, "-u", TestRegistry.ADMIN,
                "-p", TestRegistry.ADMIN_PASSWORD));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LadingCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new RegistryCli(exit, out.toString(), err.toString());
    }
}
