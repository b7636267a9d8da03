package io.lading.puller.client;

import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.name.RepositoryName;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Bulk GET throughput of one blob on one stream: this client (OkHttp) against HttpURLConnection, with and
 * without SHA-256, to compare with curl on the same URL (MEASURED.md). Not a test; run by hand:
 * {@code java -cp <test classpath> io.lading.puller.client.BlobGetBenchmark <registry> <repo> <digest> <size> <rounds>}
 * against a registry started with {@code --auth none}.
 */
public final class BlobGetBenchmark {
    private static final int BUFFER = 1 << 20;

    public static void main(String[] args) throws Exception {
        String registry = args[0];
        RepositoryName repo = RepositoryName.parse(args[1]);
        Digest digest = Digest.parse(args[2]);
        long size = Long.parseLong(args[3]);
        int rounds = Integer.parseInt(args[4]);
        RegistryClient client = new RegistryClient(registry, Credentials.anonymous());
        for (int round = 0; round < rounds; round++) {
            for (boolean hash : new boolean[] {false, true}) {
                report("okhttp", hash, size, () -> client.openBlob(repo, digest, 0, size));
                report("httpurlconnection", hash, size, () -> {
                    HttpURLConnection c = (HttpURLConnection) URI.create(registry + "/v2/" + repo + "/blobs/" + digest).toURL().openConnection();
                    return c.getInputStream();
                });
            }
        }
    }

    interface Opener {
        InputStream open() throws Exception;
    }

    private static void report(String name, boolean hash, long size, Opener opener) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MessageDigest sha = DigestAlgorithm.SHA256.newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long total = 0;
        try (InputStream in = opener.open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (hash) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (total != size) {
            throw new IllegalStateException(name + " read " + total + " of " + size + " bytes");
        }
        System.out.printf(Locale.ROOT, "%-18s sha256=%-5s %.2f GB/s  %.2f client CPU-s per GB%n", name, hash, size / seconds / 1e9, cpu / (size / 1e9));
    }
}
