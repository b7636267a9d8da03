package io.lading.puller.cli;

import io.lading.puller.daemon.DaemonConfig;
import io.lading.puller.daemon.RunningDaemon;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lading daemon}: the long-running agent on each GPU host (systemd unit: puller/systemd/lading.service). */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Follow the models in the config on this host: pull, verify and activate the versions their tags"
                + " name, keep serving the active ones whatever fails, and serve /healthz, /status and /metrics locally.")
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "${env:LADING_DAEMON_CONFIG:-/etc/lading/daemon.json}",
            description = "Config file (env LADING_DAEMON_CONFIG; default: ${DEFAULT-VALUE}); see puller/lading-daemon.example.json.")
    Path config;

    @Override
    public Integer call() throws Exception {
        // One line per record: journald and log shippers read lines.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
        DaemonConfig cfg = DaemonConfig.load(config);
        RunningDaemon daemon = RunningDaemon.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (systemctl stop): stop pulling, leave partial downloads invisible under partial/, exit 0.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "lading-shutdown"));
        System.err.println("lading daemon: following " + cfg.models().size() + " model(s) from " + cfg.registry()
                + "; cache " + cfg.cacheRoot() + "; status on http://" + cfg.listenAddress().getHostString() + ":" + daemon.port() + "/status");
        stopped.await();
        return 0;
    }
}
