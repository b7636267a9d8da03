package io.lading.puller.cli;

import io.lading.puller.client.push.PushListener;
import io.lading.puller.pull.PullListener;
import io.lading.spec.digest.Digest;

/** Shows a pull on the same displays as a push: one phase over the bytes the cache does not hold yet. */
final class PullProgress implements PullListener {
    private final PushListener display;
    /** A pull that fails before the manifest is known never started a phase, so there is none to close. */
    private volatile boolean started;

    PullProgress(PushListener display) {
        this.display = display;
    }

    @Override
    public void started(Digest manifest, int blobs, long totalBytes, long cachedBytes) {
        started = true;
        display.phase("pulling", totalBytes - cachedBytes);
    }

    @Override
    public void verified(Digest blob, String source, long bytes) {
        display.advance(bytes);
    }

    void done() {
        if (started) {
            display.phaseDone();
        }
    }
}
