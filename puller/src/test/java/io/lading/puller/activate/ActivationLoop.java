package io.lading.puller.activate;

import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The child process of {@link ActivatorCrashTest}: cycles a model through three versions for ever,
 * evicting and rebuilding the one neither current nor previous, and rolling back now and then, so a kill
 * lands inside builds, swaps and rollbacks alike. Prints one line per completed step, the first as {@code ready}.
 * Arguments: cache root, model name, three manifest digests.
 */
public final class ActivationLoop {
    public static void main(String[] args) throws Exception {
        CacheLayout layout = new CacheLayout(Path.of(args[0]));
        RepositoryName model = RepositoryName.parse(args[1]);
        Digest[] versions = {Digest.parse(args[2]), Digest.parse(args[3]), Digest.parse(args[4])};
        Activator activator = new Activator(layout);
        ModelDir dir = ModelDir.of(layout, model);
        for (long step = 0; ; step++) {
            Digest next = versions[(int) (step % versions.length)];
            if (!activator.current(model).equals(Optional.of(next)) && !activator.previous(model).equals(Optional.of(next))) {
                evict(dir, next);
            }
            activator.activate(model, next, Hook.none());
            if (step % 4 == 3) {
                activator.rollback(model, Hook.none());
            }
            // "ready" after the first step, so the parent's random kill lands in a warmed-up loop.
            System.out.println(step == 0 ? "ready" : String.valueOf(step));
        }
    }

    /** Removes a version the way an evictor must: rename it out of sight first, then delete. */
    private static void evict(ModelDir dir, Digest version) throws Exception {
        Path target = dir.version(version);
        if (Files.isDirectory(target)) {
            Path gone = dir.versions().resolve(ModelDir.TMP_PREFIX + "evicted-" + UUID.randomUUID());
            Fs.renameOver(target, gone);
            Fs.deleteTree(gone);
        }
    }
}
