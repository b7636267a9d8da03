package io.lading.puller.cli;

/** A failure to report as one line on stderr with a non-zero exit, never a stack trace. */
public final class CliFailure extends RuntimeException {
    public CliFailure(String message) {
        super(message);
    }
}
