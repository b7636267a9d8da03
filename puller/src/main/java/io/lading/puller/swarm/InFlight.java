package io.lading.puller.swarm;

import java.time.Instant;

/** A chunk transfer the scheduler handed out and that has not been reported back yet. */
public record InFlight(int chunk, Source source, Instant started) {
}
