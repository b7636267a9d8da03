package io.lading.puller.daemon;

import io.lading.puller.swarm.SwarmPolicy;
import io.lading.spec.peer.PeerId;
import io.lading.spec.peer.PeerLabels;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon config's {@code peer} section (issue 6, spec/peers.md): this host serves verified blobs and chunks to
 * LAN peers on {@code listen}, announced to the registry's tracker as {@code advertise}, and fetches from them
 * first. Present and not {@code "enabled": false}, peers are on.
 *
 * @param id                      tracker id; default the daemon's host id ({@code hostId}, else the host name)
 * @param listen                  the peer server's address, default {@code 0.0.0.0:7071}
 * @param advertise               the URL other hosts reach it at, such as {@code http://10.0.0.2:7071}; required
 *                                unless {@code listen} names a specific address
 * @param uploadLimit             cap on bytes/s served to peers, shared by all requests ("0": none)
 * @param maxConnections          peer requests served at once; more get 503
 * @param registrySeeders         hosts per zone that take a given chunk from the registry
 * @param registryFallbackSeconds how long others wait for a peer to hold a chunk before using the registry
 * @param stallSeconds            a peer that sends nothing this long, or takes longer than this for one chunk,
 *                                loses the chunk to another source
 * @param tokenIssuer             the registry's token issuer ({@code --token-issuer}), checked on peer requests
 * @param tokenService            the registry's service name ({@code --token-service}), the tokens' audience
 * @param registrySettleSeconds   after a download starts, how long registry fetches wait for the other hosts of the
 *                                zone to show up in the tracker (default 3): longer than the spread of start times
 *                                keeps each chunk's registry fetch to one host of the zone
 */
public record PeerConfig(Boolean enabled, String id, String listen, String advertise, String uploadLimit,
                         Integer maxConnections, Integer registrySeeders, Integer registryFallbackSeconds,
                         Integer stallSeconds, String tokenIssuer, String tokenService, Integer registrySettleSeconds) {
    public static final String DEFAULT_LISTEN = "0.0.0.0:7071";
    /** A few uploads at once saturate a NIC; more only split it thinner and hold more file handles. */
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final int DEFAULT_STALL_SECONDS = 10;

    public boolean on() {
        return enabled == null || enabled;
    }

    void check() {
        if (!on()) {
            return;
        }
        explicitId();
        listenAddress();
        advertiseUrl(listenAddress().getPort());
        uploadBytesPerSecond();
        policy();
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("peer.maxConnections must be at least 1, got " + maxConnections);
        }
    }

    /** {@code peer.id} when the config names one; without it the daemon uses its host id (DaemonConfig.peerId). */
    public Optional<PeerId> explicitId() {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PeerId.parse(id));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer.id: " + e.getMessage(), e);
        }
    }

    public InetSocketAddress listenAddress() {
        String value = listen == null ? DEFAULT_LISTEN : listen;
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("peer.listen must be host:port, got " + value);
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    /**
     * The URL announced to the tracker: {@code advertise}, else built from {@code listen} when that names a specific
     * address ({@code boundPort} is the port the server got, for {@code listen} port 0).
     */
    public String advertiseUrl(int boundPort) {
        if (advertise != null) {
            if (!advertise.startsWith("http://") && !advertise.startsWith("https://")) {
                throw new IllegalArgumentException("peer.advertise must be an http(s) URL, got " + advertise);
            }
            return advertise;
        }
        InetSocketAddress a = listenAddress();
        if (a.getAddress() == null || a.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("peer.advertise is required when peer.listen (" + a.getHostString()
                    + ") is a wildcard address: other hosts need a URL to reach this one");
        }
        return "http://" + a.getHostString() + ":" + boundPort;
    }

    public long uploadBytesPerSecond() {
        return uploadLimit == null ? 0 : ByteSize.parse(uploadLimit, "peer.uploadLimit");
    }

    public int maxConnectionsOrDefault() {
        return maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
    }

    public String issuer() {
        return tokenIssuer == null ? "lading" : tokenIssuer;
    }

    public String service() {
        return tokenService == null ? "lading-registry" : tokenService;
    }

    public SwarmPolicy policy() {
        SwarmPolicy p = SwarmPolicy.defaults()
                .withStall(Duration.ofSeconds(stallSeconds == null ? DEFAULT_STALL_SECONDS : stallSeconds));
        if (registrySeeders != null) {
            p = p.withRegistrySeeders(registrySeeders);
        }
        if (registryFallbackSeconds != null) {
            p = p.withRegistryFallback(Duration.ofSeconds(registryFallbackSeconds));
        }
        if (registrySettleSeconds != null) {
            p = p.withSettle(Duration.ofSeconds(registrySettleSeconds));
        }
        return p;
    }

    /** The tracker's labels from the host's: only region, zone and rack mean anything to it. */
    public static PeerLabels labels(Map<String, String> hostLabels) {
        return new PeerLabels(hostLabels.get("region"), hostLabels.get("zone"), hostLabels.get("rack"));
    }
}
