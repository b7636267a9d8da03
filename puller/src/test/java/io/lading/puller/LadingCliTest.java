package io.lading.puller;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LadingCliTest {
    @Test
    void versionAndHelpIdentifyTheCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LadingCli()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--version"));
        assertTrue(out.toString().contains("lading 0.1.0"));
    }

    @Test
    void anUnknownOptionIsRefusedWithNonZeroExit() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LadingCli()).setErr(new PrintWriter(err));
        assertNotEquals(0, cli.execute("--no-such-option"));
        assertTrue(err.toString().contains("Unknown option"), err.toString());
    }
}
