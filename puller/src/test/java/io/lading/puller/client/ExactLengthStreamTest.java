package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExactLengthStreamTest {
    @Test
    void givenBodyEndingEarly_whenRead_thenErrorSaysExpectedAndGot() {
        ExactLengthStream in = new ExactLengthStream("pulling bytes 0-9", new ByteArrayInputStream(new byte[4]), 10, () -> { });

        IOException e = assertThrows(IOException.class, in::readAllBytes);

        assertEquals("pulling bytes 0-9: expected 10 bytes, got 4; the connection was closed early", e.getMessage());
    }

    @Test
    void givenLongerBody_whenRead_thenStopsAtTheLengthAndCloseReleasesTheAnswer() throws IOException {
        AtomicBoolean released = new AtomicBoolean();
        ExactLengthStream in = new ExactLengthStream("x", new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}), 3, () -> released.set(true));

        assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        in.close();

        assertTrue(released.get());
    }
}
