package io.lading.puller.swarm;

import java.time.Instant;
import java.util.Optional;

/** What {@link SwarmScheduler#next()} tells a free stream to do. */
public sealed interface Decision {

    /**
     * Fetch {@code chunk} from {@code source} now. The scheduler already counts it in flight; report the end with
     * {@link SwarmScheduler#verified} or {@link SwarmScheduler#failed}.
     */
    record Fetch(int chunk, Source source) implements Decision {
    }

    /**
     * Nothing to start now. Ask again when a transfer ends, the peers change, or at {@code until} (a registry
     * fallback or a peer's rest ends then); empty: only an event can change the answer.
     */
    record Wait(Optional<Instant> until) implements Decision {
    }

    /** Every chunk is verified. */
    record Done() implements Decision {
    }

    /** The registry failed this chunk too often; the fetch should fail (verified chunks are kept for a resume). */
    record GiveUp(int chunk, String reason) implements Decision {
    }
}
