package io.lading.puller.cli;

import io.lading.puller.client.push.PushListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A redrawn bar per phase with rate and time left, for a person at a terminal; on stderr so stdout stays the result. */
final class ProgressBars implements PushListener {
    private static final long MIB = 1 << 20;

    private final PrintStream out;
    private volatile ProgressBar bar;

    ProgressBars(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void phase(String name, long totalBytes) {
        bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, totalBytes)).setUnit("MiB", MIB).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    @Override
    public void advance(long bytes) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepBy(bytes);
        }
    }

    @Override
    public synchronized void phaseDone() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
