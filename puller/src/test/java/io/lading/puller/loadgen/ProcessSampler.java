package io.lading.puller.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resources used during the measured window, read from /proc (Linux): the server's resident memory
 * (VmRSS sampled every second, and the kernel's own peak VmHWM), CPU seconds of the server, of this
 * generator, of every PostgreSQL process and of the whole machine; and the server's Java heap from
 * {@code jstat -gc} (it reads the JVM's perf-data file, so it costs the server nothing).
 */
final class ProcessSampler implements AutoCloseable {
    /** /proc/[pid]/stat counts CPU time in clock ticks; USER_HZ is 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long serverPid;
    private final Thread sampler;
    private final Process jstat;
    private volatile boolean window;
    private volatile long rssMaxKb;
    private volatile long heapUsedMaxKb;
    private volatile long oldUsedMaxKb;
    private volatile long heapCommittedMaxKb;
    private volatile double gcSecondsStart = -1;
    private volatile double gcSecondsLast;
    private Cpu start;

    /** CPU ticks at one moment: server, generator, PostgreSQL processes, machine (busy and total). */
    record Cpu(long server, long generator, long postgres, long machineBusy, long machineTotal, long nanos) {
    }

    record Usage(double serverCpu, double generatorCpu, double postgresCpu, double machineBusyPercent, double seconds,
                 long rssMaxKb, long hwmKb, long heapUsedMaxKb, long oldUsedMaxKb, long heapCommittedMaxKb, double gcSeconds) {
    }

    ProcessSampler(long serverPid) throws IOException {
        this.serverPid = serverPid;
        Path jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat");
        this.jstat = serverPid > 0 && Files.isExecutable(jstatBin)
                ? new ProcessBuilder(jstatBin.toString(), "-gc", Long.toString(serverPid), "1000").redirectErrorStream(true).start()
                : null;
        this.sampler = Thread.ofPlatform().daemon().name("proc-sampler").start(this::sampleRss);
        if (jstat != null) {
            Thread.ofPlatform().daemon().name("jstat-reader").start(this::readJstat);
        }
    }

    void startWindow() {
        start = cpu();
        rssMaxKb = 0;
        heapUsedMaxKb = 0;
        oldUsedMaxKb = 0;
        heapCommittedMaxKb = 0;
        gcSecondsStart = -1;
        window = true;
    }

    Usage endWindow() {
        window = false;
        Cpu end = cpu();
        double secs = (end.nanos() - start.nanos()) / 1e9;
        long total = end.machineTotal() - start.machineTotal();
        return new Usage((end.server() - start.server()) / TICKS_PER_SECOND, (end.generator() - start.generator()) / TICKS_PER_SECOND,
                (end.postgres() - start.postgres()) / TICKS_PER_SECOND,
                total == 0 ? 0 : 100.0 * (end.machineBusy() - start.machineBusy()) / total, secs,
                rssMaxKb, statusKb(serverPid, "VmHWM:"), heapUsedMaxKb, oldUsedMaxKb, heapCommittedMaxKb,
                gcSecondsStart < 0 ? 0 : gcSecondsLast - gcSecondsStart);
    }

    private void sampleRss() {
        while (true) {
            if (window && serverPid > 0) {
                rssMaxKb = Math.max(rssMaxKb, statusKb(serverPid, "VmRSS:"));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Columns of jstat -gc in KB: S0C S1C S0U S1U EC EU OC OU ... GCT last. */
    private void readJstat() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (line.contains("S0C")) {
                    header = Arrays.asList(f);
                    continue;
                }
                if (header == null || f.length != header.size() || !window) {
                    continue;
                }
                double used = col(header, f, "S0U") + col(header, f, "S1U") + col(header, f, "EU") + col(header, f, "OU");
                double committed = col(header, f, "S0C") + col(header, f, "S1C") + col(header, f, "EC") + col(header, f, "OC");
                heapUsedMaxKb = Math.max(heapUsedMaxKb, (long) used);
                oldUsedMaxKb = Math.max(oldUsedMaxKb, (long) col(header, f, "OU"));
                heapCommittedMaxKb = Math.max(heapCommittedMaxKb, (long) committed);
                gcSecondsLast = col(header, f, "GCT");
                if (gcSecondsStart < 0) {
                    gcSecondsStart = gcSecondsLast;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The server went away or jstat cannot attach: the heap column stays 0 and says so in the report.
        }
    }

    private static double col(List<String> header, String[] f, String name) {
        int i = header.indexOf(name);
        return i < 0 ? 0 : Double.parseDouble(f[i]);
    }

    private Cpu cpu() {
        long[] machine = machine();
        return new Cpu(serverPid > 0 ? ticks(serverPid) : 0, ticks(ProcessHandle.current().pid()), postgresTicks(),
                machine[0], machine[1], System.nanoTime());
    }

    /** utime + stime of a process; fields 14 and 15 of /proc/[pid]/stat, counted after the ")" of its name. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long postgresTicks() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).equals("postgres"))
                    .mapToLong(p -> ticks(Long.parseLong(p.getFileName().toString()))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The "cpu" line of /proc/stat: busy (everything but idle and iowait) and total ticks. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.interrupt();
        if (jstat != null) {
            jstat.destroy();
        }
    }
}
