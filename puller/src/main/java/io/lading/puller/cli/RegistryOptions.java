package io.lading.puller.cli;

import io.lading.puller.client.ClientSettings;
import io.lading.puller.client.Credentials;
import io.lading.puller.client.RegistryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * Where the registry is and who we are to it; shared by every command that talks to a registry. Flag names
 * follow ORAS where they overlap ({@code -u/--username}, {@code -p/--password}, {@code --password-stdin},
 * {@code --plain-http}); {@code --user} stays as an alias for scripts written against earlier versions.
 */
public final class RegistryOptions {
    @Option(names = "--registry", defaultValue = "${env:LADING_REGISTRY:-http://127.0.0.1:5000}",
            description = "Registry URL, or host:port (https unless --plain-http) (env LADING_REGISTRY; default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = {"-u", "--username", "--user"}, defaultValue = "${env:LADING_USER:-admin}",
            description = "User or robot name (env LADING_USER; default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = {"-p", "--password"}, defaultValue = "${env:LADING_PASSWORD}",
            description = "Secret (env LADING_PASSWORD; prefer the environment or --password-stdin to the flag).")
    String password;

    @Option(names = "--password-stdin", description = "Read the secret from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--plain-http", description = "Talk plain HTTP to a registry given as host:port.")
    boolean plainHttp;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    RegistryClient client() {
        return client(ClientSettings.DEFAULT);
    }

    RegistryClient client(ClientSettings settings) {
        return new RegistryClient(url(), credentials(), settings);
    }

    /** The base URL: as given when it has a scheme, else https, or http with --plain-http. */
    String url() {
        String r = registry.strip();
        if (r.startsWith("http://") || r.startsWith("https://")) {
            return r;
        }
        return (plainHttp ? "http://" : "https://") + r;
    }

    private Credentials credentials() {
        String secret = password;
        if (passwordStdin) {
            try {
                secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new CliFailure("reading the password from standard input failed: " + e.getMessage());
            }
            if (secret == null) {
                throw new CliFailure("--password-stdin was given but standard input is empty");
            }
        }
        return user == null || secret == null ? Credentials.anonymous() : new Credentials(user, secret);
    }
}
