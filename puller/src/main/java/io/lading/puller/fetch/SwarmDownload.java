package io.lading.puller.fetch;

import io.lading.puller.swarm.Decision;
import io.lading.puller.swarm.Failure;
import io.lading.puller.swarm.HostActivity;
import io.lading.puller.swarm.Source;
import io.lading.puller.swarm.SwarmScheduler;
import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches the missing chunks of one partial download from LAN peers and the registry, as the {@link
 * SwarmScheduler} decides (issue 6): {@code parallelism} streams each ask the scheduler for a chunk and a source,
 * move it with {@link ChunkTransfer} (verified against the chunk index on the way), and report back; a refresher
 * keeps the scheduler's view of the tracker fresh. Each verified chunk is recorded, offered to peers at once
 * through {@link LiveDownloads}, and announced. Returns the whole blob's digest as hashed during the transfer.
 */
final class SwarmDownload {
    private static final Logger LOG = Logger.getLogger(SwarmDownload.class.getName());
    /** Longest a waiting stream sleeps before asking again, even when nothing woke it. */
    private static final Duration MAX_WAIT = Duration.ofMillis(500);
    /** How soon a stream asks again when every stream of the host was busy (another blob's may end any time). */
    private static final Duration HOST_BUSY_WAIT = Duration.ofMillis(100);

    private final ChunkPlan plan;
    private final PartialDownload partial;
    private final BlobSource registry;
    private final PeerSwarm swarm;
    private final FetchSettings settings;
    private final Bandwidth bandwidth;
    private final FetchStats stats;
    private final FetchListener listener;
    private final LiveDownloads.Live live;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SwarmScheduler scheduler;
    private final HostActivity host;
    private final Instant startedAt = clock.instant();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean finished;

    SwarmDownload(ChunkPlan plan, PartialDownload partial, BlobSource registry, PeerSwarm swarm,
                  FetchSettings settings, Bandwidth bandwidth, FetchStats stats, FetchListener listener,
                  LiveDownloads.Live live) {
        this.plan = plan;
        this.partial = partial;
        this.registry = registry;
        this.swarm = swarm;
        this.settings = settings;
        this.bandwidth = bandwidth;
        this.stats = stats;
        this.listener = listener;
        this.live = live;
        this.scheduler = new SwarmScheduler(plan.digest().toString(), swarm.self(), plan.count(), partial.verified(),
                swarm.seedBase(), swarm.policy(), clock);
        this.host = swarm.host();
    }

    Digest run() throws IOException, InterruptedException {
        swarm.holding(scheduler.have()); // visible as a downloader before anything else: the election counts us
        refresh();
        WholeDigestCursor cursor = new WholeDigestCursor(plan, partial.data(), partial.verified());
        try (StallWatchdog registryWatchdog = new StallWatchdog(settings.stallTimeout());
             // A peer that sends nothing, or takes longer than the stall time for a whole chunk, loses the chunk.
             StallWatchdog peerWatchdog = new StallWatchdog(swarm.policy().stall(),
                     swarm.policy().peerChunkLimit(plan.count() == 0 ? 0 : plan.length(0)));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread refresher = Thread.ofVirtual().name("swarm-refresh").start(this::refreshLoop);
            try {
                for (int i = 0; i < settings.parallelism(); i++) {
                    pool.submit(() -> stream(registryWatchdog, peerWatchdog, cursor));
                }
                pool.shutdown();
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } finally {
                finished = true;
                refresher.interrupt();
            }
        }
        if (failure.get() != null) {
            cursor.abandon();
            throw failure.get();
        }
        Duration fetched = Duration.between(startedAt, clock.instant());
        Digest whole = cursor.await();
        // When the chunks were all here and when the blob's digest was: the fleet lab's tail lies between them or before.
        LOG.info(() -> "all " + plan.count() + " chunks of " + plan.digest() + " verified " + fetched.toMillis()
                + " ms after its start, its digest " + Duration.between(startedAt, clock.instant()).toMillis() + " ms");
        return whole;
    }

    /** One stream: asks the scheduler for work until every chunk is verified or the download has failed. */
    private void stream(StallWatchdog registryWatchdog, StallWatchdog peerWatchdog, WholeDigestCursor cursor) {
        try {
            // Made at the first job: with every blob of a version downloading at once, most streams of a blob that
            // is waiting for peers never run one, and each transfer holds 2 MiB of buffers.
            ChunkTransfer transfer = null;
            for (Decision.Fetch job; (job = nextJob()) != null; ) {
                if (transfer == null) {
                    transfer = new ChunkTransfer(partial.data(), bandwidth, registryWatchdog, stats);
                }
                try {
                    transfer(transfer, peerWatchdog, cursor, job);
                } finally {
                    host.ended(job.source(), clock.instant());
                }
            }
        } catch (UncheckedIOException e) {
            fail(new BlobDownload.LocalWriteFailed(e.getCause()));
        } catch (IOException e) {
            fail(new BlobDownload.LocalWriteFailed(e));
        } catch (InterruptedException e) {
            fail(new FetchFailed("fetching " + plan.digest() + " was interrupted", e));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** The next chunk to move, waiting while the scheduler says wait; null when done or failed. */
    private Decision.Fetch nextJob() throws InterruptedException {
        lock.lock();
        try {
            while (failure.get() == null) {
                scheduler.progressed(host.lastProgress(clock.instant()));
                HostActivity.Slots slots = host.take();
                if (!slots.registry() && !slots.peer()) { // the host's slots are all busy: a transfer ending frees one
                    host.started(slots, null);
                    changed.awaitNanos(HOST_BUSY_WAIT.toNanos());
                    continue;
                }
                Decision decision = scheduler.next(slots.registry(), slots.peer());
                host.started(slots, decision instanceof Decision.Fetch f ? f.source() : null);
                switch (decision) {
                    case Decision.Fetch f -> {
                        if (f.source() instanceof Source.Registry) {
                            logRegistry(f.chunk());
                        }
                        return f;
                    }
                    case Decision.Done d -> {
                        return null;
                    }
                    case Decision.GiveUp g -> {
                        fail(new FetchFailed("fetching " + plan.digest() + " failed: " + g.reason()
                                + "; the chunks verified so far are kept for the next attempt", null));
                        return null;
                    }
                    case Decision.Wait w -> {
                        long nanos = w.until().map(u -> Duration.between(clock.instant(), u)).orElse(MAX_WAIT).toNanos();
                        changed.awaitNanos(Math.clamp(nanos, 1_000_000L, MAX_WAIT.toNanos()));
                    }
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Which rule sent a chunk to the registry: the election, or the fallback after the swarm stood still. */
    private void logRegistry(int chunk) {
        if (scheduler.electedSeeder(chunk)) {
            LOG.info(() -> "chunk " + chunk + " of " + plan.digest() + ": from the registry as this zone's elected seeder");
        } else if (scheduler.sinceProgress().compareTo(swarm.policy().registryFallback()) < 0) {
            LOG.info(() -> "chunk " + chunk + " of " + plan.digest() + ": from the registry as seeder in place of a "
                    + "peer resting after a failed or stalled transfer");
        } else {
            LOG.info(() -> "chunk " + chunk + " of " + plan.digest() + ": from the registry by fallback, the swarm "
                    + "made no progress for " + scheduler.sinceProgress().toSeconds() + " s");
        }
    }

    private void transfer(ChunkTransfer transfer, StallWatchdog peerWatchdog, WholeDigestCursor cursor,
                          Decision.Fetch job) throws IOException, InterruptedException {
        int chunk = job.chunk();
        boolean fromPeer = job.source() instanceof Source.Peer;
        BlobSource source;
        try {
            source = job.source() instanceof Source.Peer p ? swarm.peer(p.id()) : registry;
        } catch (RuntimeException e) { // a peer the swarm cannot reach any more: like a refused request
            report(() -> scheduler.failed(chunk, job.source(), Failure.FAILED));
            listener.sourceRejected(plan.digest(), chunk, job.source().toString(), "FAILED: " + e.getMessage());
            return;
        }
        ChunkAttempt attempt;
        try {
            attempt = fromPeer ? transfer.run(plan, chunk, source, peerWatchdog) : transfer.run(plan, chunk, source);
        } catch (InterruptedException | RuntimeException e) {
            report(() -> scheduler.abandoned(chunk, job.source()));
            throw e;
        }
        if (attempt.ok()) {
            partial.recordVerified(chunk);
            live.verified(chunk);
            cursor.chunkDone(chunk);
            // Under the lock, so the streams hand their snapshots over in order and the last one holds every chunk.
            report(() -> {
                scheduler.verified(chunk, job.source());
                swarm.holding(live.chunks());
            });
            host.progressed(clock.instant());
            listener.chunkVerified(plan.digest(), chunk, source.name(), plan.length(chunk));
            return;
        }
        Failure kind = switch (attempt.outcome()) {
            case CORRUPT -> Failure.CORRUPT;
            case STALLED -> Failure.STALLED;
            default -> Failure.FAILED;
        };
        switch (kind) {
            case CORRUPT -> stats.verifyFailed();
            case STALLED -> stats.stalled();
            default -> { }
        }
        stats.refetched();
        LOG.info(() -> "chunk " + chunk + " of " + plan.digest() + " from " + source.name() + ": " + attempt.outcome()
                + " (" + attempt.detail() + "); it goes to another source");
        boolean[] banned = new boolean[1];
        report(() -> banned[0] = scheduler.failed(chunk, job.source(), kind));
        listener.sourceRejected(plan.digest(), chunk, source.name(), attempt.outcome() + ": " + attempt.detail());
        if (banned[0] && job.source() instanceof Source.Peer p) {
            LOG.warning("peer " + p.id() + " served chunk " + chunk + " of " + plan.digest()
                    + " that failed verification (" + attempt.detail() + "); banned for this blob");
            swarm.banned(p.id(), attempt.detail());
        }
    }

    /** Applies a report to the scheduler and wakes the waiting streams. */
    private void report(Runnable update) {
        lock.lock();
        try {
            update.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
        report(() -> { });
    }

    private void refreshLoop() {
        while (!finished) {
            try {
                Thread.sleep(swarm.refreshInterval());
            } catch (InterruptedException e) {
                return;
            }
            refresh();
        }
    }

    /** Gives the scheduler the tracker's latest answer; a tracker that cannot answer leaves the last one. */
    private void refresh() {
        try {
            var answer = swarm.holders();
            var zone = swarm.zone();
            report(() -> scheduler.peersUpdated(answer, zone));
            lock.lock();
            try {
                if (scheduler.lastProgress().isAfter(startedAt)) {
                    host.progressed(scheduler.lastProgress());
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "asking the tracker about " + plan.digest() + " failed; keeping its last answer", e);
        }
    }
}
