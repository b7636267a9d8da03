package io.lading.puller.swarm;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What one host's blob downloads share: registry streams and the last progress (issue 6). */
class HostActivityTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void givenOneRegistryStream_whenTwoBlobsAsk_thenOnlyTheFirstGetsItUntilItEnds() {
        HostActivity host = new HostActivity(1, 8);

        HostActivity.Slots first = host.take();
        assertTrue(first.registry());
        host.started(first, Source.REGISTRY);
        HostActivity.Slots second = host.take();
        assertFalse(second.registry(), "the second blob waits");
        assertTrue(second.peer(), "but may still copy from a peer");
        host.started(second, null);

        host.ended(Source.REGISTRY, T0);
        assertTrue(host.take().registry(), "free again");
    }

    @Test
    void givenATransferRunning_whenAskedForTheLastProgress_thenItIsNow() {
        HostActivity host = HostActivity.defaults();
        assertNull(host.lastProgress(T0), "never moved");

        host.started(host.take(), Source.peer("b"));
        assertEquals(T0.plusSeconds(30), host.lastProgress(T0.plusSeconds(30)), "a running transfer is progress");

        host.ended(Source.peer("b"), T0.plusSeconds(40));
        assertEquals(T0.plusSeconds(40), host.lastProgress(T0.plusSeconds(90)), "its end is the last progress");
    }

    @Test
    void givenEveryPeerSlotTaken_whenAnotherBlobAsks_thenOnlyTheRegistryIsFreeAndAnUnusedSlotIsNoProgress() {
        HostActivity host = new HostActivity(1, 2);
        host.started(host.take(), Source.peer("b"));
        host.started(host.take(), Source.peer("c"));

        HostActivity.Slots third = host.take();
        assertEquals(new HostActivity.Slots(true, false), third, "two peer transfers at most, the registry apart");
        host.started(third, null);
        assertNotNull(host.lastProgress(T0));
        host.ended(Source.peer("b"), T0);
        host.ended(Source.peer("c"), T0);
        host.started(host.take(), null);
        assertEquals(T0, host.lastProgress(T0.plusSeconds(5)), "slots taken and given back without a transfer move nothing");
    }

    @Test
    void givenEveryPeerSlotFull_whenTheHostIsElectedForAChunk_thenItsRegistryTransferStillStarts() {
        HostActivity host = HostActivity.defaults();
        for (int i = 0; i < HostActivity.DEFAULT_TRANSFERS; i++) {
            host.started(host.take(), Source.peer("p" + i));
        }

        HostActivity.Slots slots = host.take();

        assertTrue(slots.registry(), "a seeder's registry chunk never waits behind the copies it is making");
        assertFalse(slots.peer());
    }

    @Test
    void givenARegistryTransferRunning_whenPeerTransfersAsk_thenFewerStartSoItKeepsAShareOfTheLink() {
        HostActivity host = HostActivity.defaults();
        host.started(host.take(), Source.REGISTRY);
        int peers = 0;
        for (HostActivity.Slots s = host.take(); s.peer(); s = host.take()) {
            host.started(s, Source.peer("p" + peers++));
        }
        assertEquals(HostActivity.TRANSFERS_WHILE_SEEDING - 1, peers);

        host.ended(Source.REGISTRY, T0);
        assertTrue(host.take().peer(), "up to 8 again once the registry transfer ended");
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

        assertThrows(IllegalStateException.class, () -> host.ended(Source.REGISTRY, T0));
        assertThrows(IllegalStateException.class, () -> host.ended(Source.peer("b"), T0));
        assertThrows(IllegalArgumentException.class, () -> new HostActivity(0, 8));
    }
}
