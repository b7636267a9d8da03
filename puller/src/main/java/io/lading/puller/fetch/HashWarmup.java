package io.lading.puller.fetch;

import io.lading.spec.digest.DigestAlgorithm;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile SHA-256 with the CPU's SHA instructions before the first chunk arrives. Hashing
 * 1 MiB buffers calls the compress loop so rarely that C2 takes a few hundred MB to kick in, and until then
 * a fresh JVM hashes at half speed or less (measured here: 0.68 GB/s over the first 256 MiB, 1.7 GB/s once
 * compiled). Many small updates trigger the compilation in about 150 ms of one background thread.
 */
final class HashWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private HashWarmup() {
    }

    static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("sha256-warmup").start(HashWarmup::run);
        }
    }

    private static void run() {
        MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
        byte[] block = new byte[4096];
        for (int i = 0; i < 20_000; i++) {
            md.update(block, 0, block.length);
        }
        md.digest();
    }
}
