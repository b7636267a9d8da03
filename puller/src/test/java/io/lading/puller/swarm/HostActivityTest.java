package io.lading.puller.swarm;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What one host's blob downloads share: registry streams and the last progress (issue 6). */
class HostActivityTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givenOneRegistryStream_whenTwoBlobsAsk_thenOnlyTheFirstGetsItUntilItIsGivenBack() {
        HostActivity host = new HostActivity(1, 8);

        assertTrue(host.tryRegistry());
        assertFalse(host.tryRegistry(), "the second blob waits");
        host.registryDone();
        assertTrue(host.tryRegistry(), "free again");
    }

    @Test
    void givenATransferRunning_whenAskedForTheLastProgress_thenItIsNow() {
        HostActivity host = HostActivity.defaults();
        assertNull(host.lastProgress(T0), "never moved");

        assertTrue(host.tryTransfer());
        assertEquals(T0.plusSeconds(30), host.lastProgress(T0.plusSeconds(30)), "a running transfer is progress");

        host.transferEnded(T0.plusSeconds(40));
        assertEquals(T0.plusSeconds(40), host.lastProgress(T0.plusSeconds(90)), "its end is the last progress");
    }

    @Test
    void givenEveryTransferSlotTaken_whenAnotherBlobAsks_thenItWaitsAndADroppedSlotIsNoProgress() {
        HostActivity host = new HostActivity(1, 2);
        assertTrue(host.tryTransfer());
        assertTrue(host.tryTransfer());
        assertFalse(host.tryTransfer(), "two at most");

        host.transferDropped();
        host.transferDropped();
        assertNull(host.lastProgress(T0), "slots taken and given back without a transfer move nothing");
        assertTrue(host.tryTransfer());
    }

    @Test
    void givenARegistryTransferRunning_whenPeerTransfersAsk_thenFewerStartSoItKeepsAShareOfTheLink() {
        HostActivity host = HostActivity.defaults();
        assertTrue(host.tryTransfer());
        assertTrue(host.tryRegistry());
        int peers = 0;
        while (host.tryTransfer()) {
            peers++;
        }
        assertEquals(HostActivity.TRANSFERS_WHILE_SEEDING - 1, peers);

        host.transferEnded(T0);
        host.registryDone();
        assertTrue(host.tryTransfer(), "the full 8 again once the registry transfer ended");
    }

    @Test
    void givenAnEarlierProgress_whenReported_thenTheLaterOneStays() {
        HostActivity host = HostActivity.defaults();
        host.progressed(T0.plusSeconds(10));
        host.progressed(T0.plusSeconds(5));

        assertEquals(T0.plusSeconds(10), host.lastProgress(T0.plusSeconds(20)));
    }

    @Test
    void givenNothingTaken_whenGivenBack_thenItIsRefused() {
        HostActivity host = HostActivity.defaults();

        assertThrows(IllegalStateException.class, host::registryDone);
        assertThrows(IllegalStateException.class, () -> host.transferEnded(T0));
        assertThrows(IllegalStateException.class, host::transferDropped);
        assertThrows(IllegalArgumentException.class, () -> new HostActivity(0, 8));
    }
}
