package io.lading.puller.cli;

import io.lading.puller.client.push.PushListener;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/** Picks how a long command shows progress: a bar on a terminal, plain lines in logs, nothing with --json. */
final class Progress {
    private Progress() {
    }

    /** {@code lines} is where plain lines go (the command's stderr); the bar draws on the process's stderr. */
    static PushListener forPush(boolean json, PrintWriter lines) {
        if (json) {
            return PushListener.NONE;
        }
        return stdoutIsTerminal() ? new ProgressBars(System.err) : new ProgressLines(lines);
    }

    /**
     * True when a person watches. Since JDK 22 {@link System#console()} exists even when redirected and
     * {@code Console.isTerminal()} tells; we compile for 21, so that method is looked up when it is there.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** 1536 -> "1.5 KiB": sizes people read at a glance. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
