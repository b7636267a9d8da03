package io.lading.puller.activate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FirstLineTest {
    private static String firstLine(String text) throws IOException {
        return FirstLine.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenSeveralLines_whenRead_thenOnlyTheFirstNonBlankOneIsKept() throws IOException {
        assertEquals("error: out of memory", firstLine("\r\n\nerror: out of memory\r\nTraceback...\n"));
    }

    @Test
    void givenAHugeLine_whenRead_thenItIsCutAndTheRestDrained() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(("x".repeat(5_000_000) + "\nmore").getBytes(StandardCharsets.UTF_8));
        assertEquals(FirstLine.MAX_BYTES, FirstLine.of(in).length());
        assertEquals(0, in.available(), "the writer is never left blocked on a full pipe");
    }

    @Test
    void givenNothing_whenRead_thenEmpty() throws IOException {
        assertEquals("", firstLine(""));
    }
}
