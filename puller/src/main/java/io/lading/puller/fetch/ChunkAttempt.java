package io.lading.puller.fetch;

/** How one attempt to fetch one chunk from one source ended. */
record ChunkAttempt(Outcome outcome, String detail) {

    enum Outcome { VERIFIED, CORRUPT, FAILED, STALLED }

    static ChunkAttempt verified() {
        return new ChunkAttempt(Outcome.VERIFIED, "");
    }

    boolean ok() {
        return outcome == Outcome.VERIFIED;
    }
}
