package io.lading.puller.daemon;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.peer.BlobHoldings;
import io.lading.puller.peer.CachedHoldings;
import io.lading.puller.peer.LanPeers;
import io.lading.puller.peer.PeerServer;
import io.lading.puller.peer.PeerTokens;
import io.lading.puller.pull.PeerNetwork;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The daemon's LAN peer side (issue 6), on or off as a whole, chosen once at start: with a {@code peer} section,
 * the peer server, the tracker membership and the {@link PeerNetwork} pulls go through; without, {@link
 * PeerNetwork#NONE} and nothing listening.
 */
final class Peers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Peers.class.getName());

    private final LanPeers lan;
    private final PeerServer server;

    private Peers(LanPeers lan, PeerServer server) {
        this.lan = lan;
        this.server = server;
    }

    static Peers start(DaemonConfig config, RegistryClient registry, BlobCache cache, FetchEngine engine) throws IOException {
        if (config.peers().isEmpty()) {
            return new Peers(null, null);
        }
        PeerConfig peer = config.peers().get();
        BlobHoldings holdings = new BlobHoldings();
        PeerTokens tokens = new PeerTokens(config.registry(), peer.issuer(), peer.service(), Clock.systemUTC());
        PeerServer server = new PeerServer(peer.listenAddress(), engine, holdings, tokens, peer.uploadBytesPerSecond(),
                peer.maxConnectionsOrDefault());
        String advertise = peer.advertiseUrl(server.address().getPort());
        LanPeers lan = new LanPeers(peer.peerId(), advertise, PeerConfig.labels(config.labels()), registry, holdings,
                peer.policy(), LanPeers.DEFAULT_REFRESH).start();
        // What the cache holds from before a restart is served and announced again, without pulling anything.
        CachedHoldings.scan(cache.layout(), cache).forEach(lan::complete);
        LOG.info("peers on: " + peer.peerId() + " serves at " + advertise + ", listening on " + server.address());
        return new Peers(lan, server);
    }

    PeerNetwork network() {
        return lan == null ? PeerNetwork.NONE : lan;
    }

    void metrics(PullerMetrics metrics) {
        if (lan != null) {
            metrics.peers(lan::bans, server::bytesServed);
        }
    }

    /** For /status: null when peers are off. */
    Object status() {
        if (lan == null) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", lan.self().value());
        s.put("url", lan.advertise());
        s.put("lastHeartbeat", lan.lastHeartbeat() == null ? null : lan.lastHeartbeat().toString());
        s.put("bytesServed", server.bytesServed());
        s.put("requestsRefused", server.refused());
        s.put("bans", lan.recentBans().stream().map(b -> Map.of("blob", b.blob().toString(), "peer", b.peer(),
                "reason", b.reason(), "at", b.at().toString())).toList());
        return s;
    }

    int port() {
        return server == null ? -1 : server.address().getPort();
    }

    @Override
    public void close() {
        if (lan != null) {
            lan.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
