package io.lading.registry;

import io.lading.registry.config.AuthConfig;
import io.lading.registry.config.ConfigDefaults;
import io.lading.registry.config.ControlPlaneConfig;
import io.lading.registry.config.ReferrerLimits;
import io.lading.registry.config.RegistryConfig;
import io.lading.spec.api.Limits;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lading-registry}: parses settings, starts the registry, and stops it cleanly on SIGTERM. */
@Command(name = "lading-registry", mixinStandardHelpOptions = true, version = "lading-registry 0.1.0",
        description = "Lading model registry: OCI Distribution API v1.1 on PostgreSQL and a content-addressed blob store.",
        footer = "Every option can also be set as LADING_<OPTION> in the environment or <option>=... in the --config file.")
public final class RegistryMain implements Callable<Integer> {

    @Option(names = "--config", description = "Properties file of settings (keys are option names without --).")
    Path configFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "5000", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "./lading-data", description = "Blobs, uploads and the embedded database live here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", description = "JDBC URL of PostgreSQL; without it an embedded PostgreSQL runs under <data-dir>/postgres.")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "", description = "Database password.")
    String databasePassword;

    @Option(names = "--database-schema", description = "Schema to create and use; default is the database's search path.")
    String databaseSchema;

    @Option(names = "--database-pool-size", defaultValue = "16", description = "Connections in the pool (default: ${DEFAULT-VALUE}).")
    int databasePoolSize;

    @Option(names = "--chunk-size", defaultValue = "" + Limits.DEFAULT_CHUNK_SIZE, description = "Chunk size of the chunk index in bytes (default: ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--upload-expiry-minutes", defaultValue = "1440", description = "Minutes an upload session may sit idle before it is removed (default: ${DEFAULT-VALUE}).")
    long uploadExpiryMinutes;

    @Option(names = "--auth", defaultValue = "token", description = "token (the registry token flow) or none (no access control; benchmarks only) (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--token-issuer", defaultValue = "lading", description = "iss of the tokens this registry signs (default: ${DEFAULT-VALUE}).")
    String tokenIssuer;

    @Option(names = "--token-service", defaultValue = "lading-registry", description = "service name clients ask tokens for; the tokens' aud (default: ${DEFAULT-VALUE}).")
    String tokenService;

    @Option(names = "--token-ttl-seconds", defaultValue = "300", description = "Lifetime of a token (default: ${DEFAULT-VALUE}).")
    long tokenTtlSeconds;

    @Option(names = "--token-key-rotation-hours", defaultValue = "24", description = "A new signing key is made this often (default: ${DEFAULT-VALUE}).")
    long keyRotationHours;

    @Option(names = "--admin-password", description = "Password of user admin when it is first created; without it one is generated and printed once.")
    String adminPassword;

    @Option(names = "--oidc-config", description = "JSON file of trusted OIDC issuers and their rules (spec/oidc-federation.md).")
    Path oidcConfig;

    @Option(names = "--login-failures-per-minute", defaultValue = "10", description = "Failed logins from one address or for one account before /token answers 429 (default: ${DEFAULT-VALUE}).")
    int loginFailuresPerMinute;

    @Option(names = "--tls-keystore", description = "PKCS#12 keystore with the certificate and key to serve HTTPS.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", defaultValue = "", description = "Password of the TLS keystore.")
    String tlsKeystorePassword;

    @Option(names = "--max-referrers-per-subject", defaultValue = "" + ReferrerLimits.DEFAULT_MAX_PER_SUBJECT,
            description = "Referrers (signatures, SBOMs, ...) one manifest may have in a repository; the next push is refused (default: ${DEFAULT-VALUE}).")
    int maxReferrersPerSubject;

    @Option(names = "--max-signature-bundle-bytes", defaultValue = "" + ReferrerLimits.DEFAULT_MAX_BUNDLE_BYTES,
            description = "Largest blob a Sigstore bundle manifest may name; a larger one is refused at manifest push (default: ${DEFAULT-VALUE}).")
    long maxSignatureBundleBytes;

    @Option(names = "--host-lost-after", defaultValue = "30s", description = "A host silent this long is marked lost, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).")
    String hostLostAfter;

    @Option(names = "--rollout-tick", defaultValue = "1s", description = "How often rollouts are stepped and lost hosts looked for, e.g. 1s or 200ms (default: ${DEFAULT-VALUE}).")
    String rolloutTick;

    @Option(names = "--rollout-prefetch-timeout", defaultValue = "30m", description = "How long a rollout's first wave waits for every host to cache the target (default: ${DEFAULT-VALUE}).")
    String rolloutPrefetchTimeout;

    private RunningRegistry started;

    public static void main(String[] args) {
        RegistryMain main = new RegistryMain();
        CommandLine cli = commandLine(main, args);
        int code = cli.execute(args);
        if (code != 0 || main.started == null) {
            System.exit(code);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.started.close();
            stopped.countDown();
        }, "lading-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a registry in this JVM with the same flags as the command line; for tests and embedding. */
    public static RunningRegistry start(String... args) {
        RegistryMain main = new RegistryMain();
        CommandLine cli = commandLine(main, args);
        cli.parseArgs(args);
        return RegistryComponents.start(main.config());
    }

    private static CommandLine commandLine(RegistryMain main, String[] args) {
        CommandLine cli = new CommandLine(main);
        cli.setDefaultValueProvider(new ConfigDefaults(System.getenv(), ConfigDefaults.load(configFileFrom(args))));
        return cli;
    }

    private static Path configFileFrom(String[] args) {
        int i = Arrays.asList(args).indexOf("--config");
        if (i >= 0 && i + 1 < args.length) {
            return Path.of(args[i + 1]);
        }
        for (String a : args) {
            if (a.startsWith("--config=")) {
                return Path.of(a.substring("--config=".length()));
            }
        }
        String env = System.getenv(ConfigDefaults.envName("--config"));
        return env == null || env.isEmpty() ? null : Path.of(env);
    }

    RegistryConfig config() {
        return new RegistryConfig(host, port, dataDir, blankToEmpty(databaseUrl), databaseUser, databasePassword,
                blankToEmpty(databaseSchema), databasePoolSize, chunkSize, java.time.Duration.ofMinutes(uploadExpiryMinutes),
                authConfig(), Optional.ofNullable(tlsKeystore), tlsKeystorePassword,
                new ReferrerLimits(maxReferrersPerSubject, maxSignatureBundleBytes),
                new ControlPlaneConfig(ControlPlaneConfig.duration("--host-lost-after", hostLostAfter),
                        ControlPlaneConfig.duration("--rollout-tick", rolloutTick),
                        ControlPlaneConfig.duration("--rollout-prefetch-timeout", rolloutPrefetchTimeout)));
    }

    private AuthConfig authConfig() {
        AuthConfig.Mode mode = switch (auth.toLowerCase(java.util.Locale.ROOT)) {
            case "token" -> AuthConfig.Mode.TOKEN;
            case "none" -> AuthConfig.Mode.NONE;
            default -> throw new IllegalArgumentException("--auth must be token or none, got '" + auth + "'");
        };
        return new AuthConfig(mode, tokenIssuer, tokenService, java.time.Duration.ofSeconds(tokenTtlSeconds),
                java.time.Duration.ofHours(keyRotationHours), blankToEmpty(adminPassword), Optional.ofNullable(oidcConfig),
                loginFailuresPerMinute);
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    @Override
    public Integer call() {
        try {
            started = RegistryComponents.start(config());
        } catch (IllegalArgumentException e) {
            System.err.println("lading-registry: " + e.getMessage());
            return 2;
        }
        System.out.println("lading-registry listening on " + started.url() + " (data in " + config().dataDir() + ")");
        return 0;
    }
}
