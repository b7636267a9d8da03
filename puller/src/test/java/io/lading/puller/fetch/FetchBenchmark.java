package io.lading.puller.fetch;

import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.DigestAlgorithm;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;

/**
 * Not a test: measures the engine against a reference measured in the same run (MEASURED.md: runs vary up to
 * 2x, so compare ratios). The reference is one plain stream that reads, hashes, writes and fsyncs the file,
 * the least any fetch must do. Arguments: work dir, size in MiB, chunk size in MiB, streams.
 */
public final class FetchBenchmark {
    private static final int BUFFER = 1 << 20;

    private FetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long mib = 1 << 20;
        TestBlob blob = TestBlob.write(work.resolve("origin"), Long.parseLong(args[1]) * mib,
                Long.parseLong(args[2]) * mib, 1);
        double reference = seconds(() -> copyHashAndSync(blob.file(), work.resolve("reference-copy")));
        Files.delete(work.resolve("reference-copy"));
        FetchEngine engine = new FetchEngine(new BlobCache(new CacheLayout(work.resolve("cache")), Long.MAX_VALUE),
                FetchSettings.defaults().withParallelism(Integer.parseInt(args[3])));
        double fetch = seconds(() -> engine.fetch(blob.digest(), blob.size(), blob.index(),
                List.of(new FileBlobSource("a", blob), new FileBlobSource("b", blob)), FetchListener.NONE));
        double gb = blob.size() / 1e9;
        System.out.printf("reference copy+sha256+fsync: %.2f s (%.2f GB/s); fetch engine, %s streams: %.2f s"
                + " (%.2f GB/s); ratio %.2f%n", reference, gb / reference, args[3], fetch, gb / fetch, fetch / reference);
    }

    private static void copyHashAndSync(Path from, Path to) throws Exception {
        MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                hash.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private interface Step {
        void run() throws Exception;
    }
}
