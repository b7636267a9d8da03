package io.lading.puller.loadgen;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.client.TestRegistry;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The load generator against a real registry in this JVM, with a small fleet and fast heartbeats: every
 * host registers, is notified of the channel move, the rollout's prefetch, its own wave and the rollout's
 * end, and the rollout completes. The benchmark's figures are only as good as this matching.
 */
class LoadGenIT {
    private static final int HOSTS = 30;

    @Test
    void givenThirtyHosts_whenTheChannelMovesAndARolloutRuns_thenEveryHostsHeldPollIsMatchedToEachChange() throws Exception {
        try (TestRegistry registry = TestRegistry.start(1 << 20)) {
            LoadGen gen = new LoadGen();
            new CommandLine(gen).parseArgs("--registry", registry.url(), "--user", TestRegistry.ADMIN,
                    "--password", TestRegistry.ADMIN_PASSWORD, "--hosts", Integer.toString(HOSTS), "--heartbeat-seconds", "1",
                    "--ramp-seconds", "1", "--warmup-seconds", "1", "--duration-seconds", "30", "--resync-seconds", "3",
                    "--bake-seconds", "1", "--rollout-waves", "5,50%,100%", "--server-pid", Long.toString(ProcessHandle.current().pid()));

            Report report = gen.run();
            report.print(System.out);

            assertTrue(report.failures.isEmpty(), "failed requests: " + report.failures);
            assertTrue(report.heartbeats.getTotalCount() >= HOSTS * 20L, "heartbeats: " + report.heartbeats.getTotalCount());
            assertTrue(report.immediate.getTotalCount() >= HOSTS * 5L, "immediate answers: " + report.immediate.getTotalCount());
            Map<DesiredChange, Long> notified = report.notify.perChange().stream().collect(Collectors.groupingBy(
                    m -> m.change().kind(), Collectors.summingLong(m -> m.micros().getTotalCount())));
            assertEquals(HOSTS, notified.get(DesiredChange.CHANNEL), "hosts notified of the channel move");
            assertEquals(HOSTS, notified.get(DesiredChange.ROLLOUT_START), "hosts told to prefetch");
            assertEquals(HOSTS, notified.get(DesiredChange.WAVE), "hosts activated wave by wave");
            assertEquals(HOSTS, notified.get(DesiredChange.ROLLOUT_END), "hosts told the rollout ended");
            assertEquals(0, report.notify.unmatched(), "changed answers no change explains");
            assertTrue(report.timeline.stream().anyMatch(t -> t.contains("state completed")), String.join("\n", report.timeline));
        }
    }
}
