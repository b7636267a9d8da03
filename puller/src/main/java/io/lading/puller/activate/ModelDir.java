package io.lading.puller.activate;

import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.DigestAlgorithm;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The directory of one model in the cache, and the names inside it:
 *
 * <pre>
 * models/&lt;name&gt;/versions/&lt;hex&gt;/        complete versions, each published by one rename
 * models/&lt;name&gt;/versions/.tmp-&lt;hex&gt;-…/  a version being built; removed if a crash left it
 * models/&lt;name&gt;/current  -&gt; versions/&lt;hex&gt;   relative symlinks, replaced by one atomic rename
 * models/&lt;name&gt;/previous -&gt; versions/&lt;hex&gt;
 * models/&lt;name&gt;/.tmp-link-…              a symlink about to be renamed over current or previous
 * models/&lt;name&gt;/.lock                    held while one process changes this model
 * </pre>
 */
record ModelDir(RepositoryName name, Path dir) {
    /** Every temporary in this tree starts with this, so recovery can find what a crash left. */
    static final String TMP_PREFIX = ".tmp-";
    static final String CURRENT = "current";
    static final String PREVIOUS = "previous";

    static ModelDir of(CacheLayout layout, RepositoryName name) {
        return new ModelDir(name, layout.model(name));
    }

    Path versions() {
        return dir.resolve("versions");
    }

    Path version(Digest manifest) {
        return versions().resolve(manifest.hex());
    }

    Path current() {
        return dir.resolve(CURRENT);
    }

    Path previous() {
        return dir.resolve(PREVIOUS);
    }

    Path lockFile() {
        return dir.resolve(".lock");
    }

    /** What a symlink in this directory points at, relative so the cache root can move. */
    static Path linkTarget(Digest manifest) {
        return Path.of("versions", manifest.hex());
    }

    /**
     * The manifest digest a version directory name stands for. Version directories are named by hex only
     * (as the layout says); the algorithm follows from the length, which differs for every algorithm we know.
     */
    static Optional<Digest> digestOfHex(String hex) {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            if (hex.length() == algorithm.hexLength()) {
                try {
                    return Optional.of(new Digest(algorithm, hex));
                } catch (RuntimeException notHex) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
