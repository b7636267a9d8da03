package io.lading.registry.peer;

import io.lading.registry.db.Database;
import io.lading.registry.db.PeerDao;
import io.lading.registry.metrics.RegistryMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes peers that have been expired for another expiry period (they are no longer offered from the moment they
 * expire; this only reclaims their rows), and refreshes the live-peer gauge. Every replica runs one; the deletes
 * are idempotent, so they need no coordination.
 */
public final class PeerJanitor implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PeerJanitor.class);

    private final Database db;
    private final PeerDao peers;
    private final Duration expiry;
    private final RegistryMetrics metrics;

    public PeerJanitor(Database db, PeerDao peers, Duration expiry, RegistryMetrics metrics) {
        this.db = db;
        this.peers = peers;
        this.expiry = expiry;
        this.metrics = metrics;
    }

    /** How often to run: once per expiry period, so the gauge is at most that stale. */
    public Duration period() {
        return expiry;
    }

    @Override
    public void run() {
        try {
            int removed = db.transaction(tx -> peers.deleteExpired(tx, expiry));
            if (removed > 0) {
                log.atInfo().addKeyValue("removed", removed).log("deleted expired peers");
            }
            metrics.trackedPeers(db.transaction(peers::countLive));
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("expiring peers failed; will retry");
        }
    }
}
