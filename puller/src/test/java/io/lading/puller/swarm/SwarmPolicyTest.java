package io.lading.puller.swarm;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The peer time limits of spec/peers.md (Scheduling): a peer that is moving keeps its chunk. */
class SwarmPolicyTest {

    @Test
    void givenAChunkOf64MiB_whenItsPeerLimitIsAsked_thenItIsTheChunkAt1MiBPerSecond() {
        // A peer's uplink of 200 Mbit/s shared 16 ways moves 64 MiB in 43 s: within the limit, not cut off.
        assertEquals(Duration.ofSeconds(64), SwarmPolicy.defaults().peerChunkLimit(64L << 20));
    }

    @Test
    void givenASmallChunk_whenItsPeerLimitIsAsked_thenItIsThreeStallTimes() {
        SwarmPolicy policy = SwarmPolicy.defaults().withStall(Duration.ofSeconds(2));

        assertEquals(Duration.ofSeconds(6), policy.peerChunkLimit(1 << 20));
    }
}
