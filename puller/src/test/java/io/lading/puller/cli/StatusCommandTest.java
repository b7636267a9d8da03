package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code lading status} with no daemon to ask: one line that says so, and a non-zero exit. */
class StatusCommandTest {
    @Test
    void withNoDaemonListening_statusFailsWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.of("status", "--daemon", "http://127.0.0.1:" + port);
        assertEquals(1, run.exit());
        assertTrue(run.oneLineError().contains("is `lading daemon` running?"), run.err());
    }
}
