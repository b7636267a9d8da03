package io.lading.puller.cli;

import io.lading.puller.client.RegistryClient;
import picocli.CommandLine.Option;

/** Where the registry is and who we are to it; shared by every command that talks to a registry. */
public final class RegistryOptions {
    @Option(names = "--registry", defaultValue = "${env:LADING_REGISTRY:-http://127.0.0.1:5000}",
            description = "Registry URL (env LADING_REGISTRY; default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = "--user", defaultValue = "${env:LADING_USER:-admin}", description = "User or robot name (env LADING_USER; default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:LADING_PASSWORD}", description = "Secret (env LADING_PASSWORD; prefer the environment to the flag).")
    String password;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    RegistryClient client() {
        return new RegistryClient(registry, user, password);
    }
}
