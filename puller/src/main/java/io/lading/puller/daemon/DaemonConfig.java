package io.lading.puller.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.activate.CommandHook;
import io.lading.puller.activate.Hook;
import io.lading.puller.activate.HttpHook;
import io.lading.puller.trust.TrustPolicy;
import io.lading.puller.trust.TrustPolicyException;
import io.lading.puller.trust.TrustPolicyParser;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's configuration file (JSON; {@code puller/lading-daemon.example.json} documents every field). Loaded
 * and checked once at start, so a typo stops the daemon with one line instead of surfacing at the first pull.
 */
public record DaemonConfig(String registry, String username, String passwordFile, String cache, String cacheBudget,
                           String listen, Integer pollSeconds, String bandwidthLimit, Integer parallelism,
                           Map<String, String> labels, List<Model> models, String trustPolicy,
                           PeerConfig peer, String hostId, ControlPlaneConfig controlPlane) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One followed model: a repository and the tag whose version this host runs, and the activation hook. */
    public record Model(String repository, String tag, String onActivateCommand, String onActivateUrl, Integer hookTimeoutSeconds,
                        String channel, String healthUrl, Integer healthTimeoutSeconds) {

        /** The channel a host follows through the control plane when the model names none. */
        public static final String DEFAULT_CHANNEL = "prod";

        public Model(String repository, String tag, String onActivateCommand, String onActivateUrl, Integer hookTimeoutSeconds) {
            this(repository, tag, onActivateCommand, onActivateUrl, hookTimeoutSeconds, null, null, null);
        }

        /** The control-plane channel this host reports for the model. */
        public String channelName() {
            return channel == null ? DEFAULT_CHANNEL : channel;
        }

        public RepositoryName repositoryName() {
            return RepositoryName.parse(repository);
        }

        public Hook hook() {
            Duration timeout = hookTimeoutSeconds == null ? Hook.DEFAULT_TIMEOUT : Duration.ofSeconds(hookTimeoutSeconds);
            if (onActivateCommand != null) {
                return new CommandHook(onActivateCommand, timeout);
            }
            if (onActivateUrl != null) {
                return new HttpHook(URI.create(onActivateUrl), timeout);
            }
            return Hook.none();
        }

        void check(boolean controlPlane) {
            if (repository == null) {
                throw new IllegalArgumentException("every model needs \"repository\"");
            }
            repositoryName();
            if (controlPlane) {
                // The control plane says which version runs; a tag would be a second, conflicting source of truth.
                if (tag != null) {
                    throw new IllegalArgumentException("model " + repository + ": with \"controlPlane\" a model follows a"
                            + " \"channel\", not a \"tag\"");
                }
                if (ControlPlaneConfig.checkName("channel", channelName()).equals(ControlPlaneConfig.RESERVED_CHANNEL)) {
                    throw new IllegalArgumentException("model " + repository + ": the channel name 'history' is reserved");
                }
            } else if (tag == null || channel != null) {
                throw new IllegalArgumentException("model " + repository + ": give \"tag\" to follow a tag, or set"
                        + " \"controlPlane\" to follow a \"channel\"");
            } else {
                Tag.parse(tag);
            }
            if (healthUrl != null) {
                ControlPlaneConfig.checkUrl("healthUrl of " + repository, healthUrl);
            }
            if (healthTimeoutSeconds != null && healthTimeoutSeconds < 1) {
                throw new IllegalArgumentException("model " + repository + ": healthTimeoutSeconds must be at least 1");
            }
            if (onActivateCommand != null && onActivateUrl != null) {
                throw new IllegalArgumentException("model " + repository + ": give onActivateCommand or onActivateUrl, not both");
            }
            hook();
        }
    }

    public DaemonConfig {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** A daemon that follows tags, without LAN peers. */
    public DaemonConfig(String registry, String username, String passwordFile, String cache, String cacheBudget, String listen,
                        Integer pollSeconds, String bandwidthLimit, Integer parallelism, Map<String, String> labels,
                        List<Model> models, String trustPolicy) {
        this(registry, username, passwordFile, cache, cacheBudget, listen, pollSeconds, bandwidthLimit, parallelism, labels,
                models, trustPolicy, null, null, null);
    }

    /** A daemon that follows tags, with LAN peers when {@code peer} is on. */
    public DaemonConfig(String registry, String username, String passwordFile, String cache, String cacheBudget, String listen,
                        Integer pollSeconds, String bandwidthLimit, Integer parallelism, Map<String, String> labels,
                        List<Model> models, String trustPolicy, PeerConfig peer) {
        this(registry, username, passwordFile, cache, cacheBudget, listen, pollSeconds, bandwidthLimit, parallelism, labels,
                models, trustPolicy, peer, null, null);
    }

    /** A daemon that follows channels through the control plane, without LAN peers. */
    public DaemonConfig(String registry, String username, String passwordFile, String cache, String cacheBudget, String listen,
                        Integer pollSeconds, String bandwidthLimit, Integer parallelism, Map<String, String> labels,
                        List<Model> models, String trustPolicy, String hostId, ControlPlaneConfig controlPlane) {
        this(registry, username, passwordFile, cache, cacheBudget, listen, pollSeconds, bandwidthLimit, parallelism, labels,
                models, trustPolicy, null, hostId, controlPlane);
    }

    /** The {@code peer} section when peers are on (issue 6, spec/peers.md). */
    public Optional<PeerConfig> peers() {
        return peer == null || !peer.on() ? Optional.empty() : Optional.of(peer);
    }

    /** This host's name to the control plane: {@code hostId}, else the host name in lower case. */
    public String hostIdOrDefault() {
        if (hostId != null) {
            return ControlPlaneConfig.checkName("hostId", hostId);
        }
        String name;
        try {
            name = java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("\"hostId\" is not set and the host name is unknown: " + e.getMessage(), e);
        }
        return ControlPlaneConfig.checkName("hostId (from the host name; set \"hostId\" to override)", name);
    }

    /** This host's name to the peer tracker: {@code peer.id}, else the same name it has for the control plane. */
    public io.lading.spec.peer.PeerId peerId() {
        return Optional.ofNullable(peer).flatMap(PeerConfig::explicitId)
                .orElseGet(() -> io.lading.spec.peer.PeerId.parse(hostIdOrDefault()));
    }

    /** Where the control plane is: its own URL, else the registry's. */
    public String controlPlaneUrl() {
        return controlPlane == null || controlPlane.url() == null ? registry : controlPlane.url();
    }

    public static DaemonConfig load(Path file) {
        DaemonConfig config;
        try {
            config = JSON.readValue(file.toFile(), DaemonConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the daemon config " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        config.check();
        return config;
    }

    void check() {
        if (registry == null || !(registry.startsWith("http://") || registry.startsWith("https://"))) {
            throw new IllegalArgumentException("\"registry\" must be an http(s) URL, got " + registry);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("\"models\" lists no model to follow");
        }
        models.forEach(m -> m.check(controlPlane != null));
        if (controlPlane != null) {
            controlPlane.check();
            hostIdOrDefault();
            ControlPlaneConfig.checkLabels(labels);
        }
        cacheRoot();
        budgetBytes();
        listenAddress();
        bytesPerSecond();
        parsedTrustPolicy();
        if (peer != null) {
            peer.check();
            peers().ifPresent(p -> peerId());
        }
    }

    /** The trust policy (spec/trust-policy.md) versions must pass before activation; empty: nothing is checked. */
    public Optional<TrustPolicy> parsedTrustPolicy() {
        try {
            return Optional.ofNullable(trustPolicy).map(Path::of).map(TrustPolicyParser::parse);
        } catch (TrustPolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public Path cacheRoot() {
        return Path.of(cache == null ? "/var/lib/lading" : cache);
    }

    public long budgetBytes() {
        return cacheBudget == null ? Long.MAX_VALUE : ByteSize.parse(cacheBudget, "cacheBudget");
    }

    /** 0 means no cap. */
    public long bytesPerSecond() {
        return bandwidthLimit == null ? 0 : ByteSize.parse(bandwidthLimit, "bandwidthLimit");
    }

    public Duration pollInterval() {
        return Duration.ofSeconds(pollSeconds == null ? 30 : Math.max(1, pollSeconds));
    }

    /** Local only by default: status and metrics are for the host's own agents. */
    public InetSocketAddress listenAddress() {
        String value = listen == null ? "127.0.0.1:7070" : listen;
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"listen\" must be host:port, got " + value);
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    /** The secret: from LADING_PASSWORD, else the first line of passwordFile, else none (anonymous pull). */
    public String password() {
        String env = System.getenv("LADING_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        if (passwordFile == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read passwordFile " + passwordFile + ": " + e.getMessage(), e);
        }
    }
}
