package io.lading.puller.activate;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a shell command after the switch, with {@code LADING_MODEL}, {@code LADING_VERSION} and
 * {@code LADING_PATH} in its environment. Exit 0 is success. Its stdout is discarded (the CLI's own
 * stdout may be JSON for a script); the first line of its stderr goes into the failure message.
 */
public record CommandHook(String command, Duration timeout) implements Hook {

    public CommandHook {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("the on-activate command is empty");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the hook timeout must be positive, got " + timeout);
        }
    }

    @Override
    public void fire(Event event) throws Failed {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("LADING_MODEL", event.model().value());
        env.put("LADING_VERSION", event.version().toString());
        env.put("LADING_PATH", event.path().toString());
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // the hook reads nothing from us: give it end-of-file at once
        } catch (IOException e) {
            throw new Failed("on-activate command '" + command + "' could not start: " + e.getMessage());
        }
        CompletableFuture<String> stderr = firstLineOf(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new Failed("on-activate command '" + command + "' did not finish within " + timeout.toMillis()
                        + " ms and was killed");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                String line = stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                throw new Failed("on-activate command '" + command + "' exited with " + exit
                        + (line.isEmpty() ? "" : ": " + line));
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new Failed("on-activate command '" + command + "' was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // The command exited but a child it left behind still holds stderr open: report without its line.
            kill(process);
            throw new Failed("on-activate command '" + command + "' failed and its stderr could not be read");
        }
    }

    /** Kills the shell and whatever it started, so a hung {@code sleep} cannot outlive the timeout. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static CompletableFuture<String> firstLineOf(InputStream in) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                line.complete(FirstLine.of(in));
            } catch (IOException e) {
                line.complete("");
            }
        });
        return line;
    }
}
