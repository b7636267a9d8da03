package io.lading.puller.activate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first non-blank line of what a hook wrote (stderr or a response body), for its failure message. Keeps at most
 * {@link #MAX_BYTES} and drains the rest, so a chatty hook neither fills memory nor blocks on a full pipe.
 */
final class FirstLine {
    /** Enough for any useful error line; more would only clutter a one-line CLI error. */
    static final int MAX_BYTES = 300;
    private static final int BUFFER = 8192;

    private FirstLine() {
    }

    static String of(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        boolean ended = false;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < n && !ended; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    ended = line.size() > 0; // blank lines before the first words are skipped
                } else if (line.size() < MAX_BYTES) {
                    line.write(b);
                }
            }
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }
}
