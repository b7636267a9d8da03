import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** The JDK's SHA-256 rate over a file (read from the page cache), in GB/s: the hashing limit of an upload. */
public class Sha256Rate {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        byte[] buf = new byte[1 << 20];
        double best = 0;
        for (int round = 0; round < 3; round++) { // the first round warms up the JIT's SHA intrinsic
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long start = System.nanoTime();
            long total = 0;
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; total += n) {
                    md.update(buf, 0, n);
                }
            }
            md.digest();
            best = Math.max(best, total / ((System.nanoTime() - start) / 1e9) / 1e9);
        }
        System.out.printf("%.2f%n", best);
    }
}
