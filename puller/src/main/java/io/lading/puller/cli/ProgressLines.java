package io.lading.puller.cli;

import io.lading.puller.client.UploadOutcome;
import io.lading.puller.client.push.PushListener;
import io.lading.puller.client.push.ShardFile;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Progress as plain lines, one per event, for logs and CI output where a redrawn bar would be noise. */
final class ProgressLines implements PushListener {
    private final PrintWriter out;
    private final AtomicLong done = new AtomicLong();
    private volatile String phase;
    private volatile long started;

    ProgressLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void phase(String name, long totalBytes) {
        phase = name;
        done.set(0);
        started = System.nanoTime();
        out.println(name + " " + Progress.bytes(totalBytes));
        out.flush();
    }

    @Override
    public void advance(long bytes) {
        done.addAndGet(bytes);
    }

    @Override
    public void blobDone(ShardFile shard, UploadOutcome outcome) {
        String what = outcome == null ? "exists  " : outcome == UploadOutcome.MOUNTED ? "mounted " : "uploaded";
        out.println(what + " " + shard.title() + " " + shard.digest() + " (" + Progress.bytes(shard.size()) + ")");
        out.flush();
    }

    @Override
    public void phaseDone() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        out.println(String.format(Locale.ROOT, "%s done: %s in %.1f s (%s/s)", phase, Progress.bytes(done.get()), seconds,
                Progress.bytes((long) (done.get() / seconds))));
        out.flush();
    }
}
