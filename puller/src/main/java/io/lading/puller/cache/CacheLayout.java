package io.lading.puller.cache;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;

/**
 * Where things live under a host's cache root. One place, so the cache, the fetch engine and activation
 * agree:
 *
 * <pre>
 * &lt;root&gt;/blobs/sha256/ab/abcdef…           verified, read-only, shared by every version and model
 * &lt;root&gt;/partial/sha256/abcdef…/           a download in progress: data file and the record of verified chunks
 * &lt;root&gt;/models/&lt;name&gt;/versions/&lt;hex&gt;/     hard links named by each layer's title; manifest and config in .lading/
 * &lt;root&gt;/models/&lt;name&gt;/current -&gt; versions/&lt;hex&gt;   swapped with one atomic rename; previous likewise
 * &lt;root&gt;/pins/&lt;owner&gt;                    digests an owner (a prefetch) keeps from eviction, one a line
 * </pre>
 *
 * Model names are repository names ({@code org/model}), validated by {@link RepositoryName}, so they are
 * safe as relative paths.
 */
public record CacheLayout(Path root) {
    /**
     * Lading's own files in a version directory, the manifest and config, kept in a directory no layer can be
     * named after (titles are plain file names and {@code .lading} is refused), because models ship their own
     * {@code config.json} and must find it at the top of the version as they pushed it.
     */
    public static final String VERSION_META = ".lading";
    public static final String VERSION_MANIFEST = VERSION_META + "/manifest.json";
    public static final String VERSION_CONFIG = VERSION_META + "/config.json";

    public CacheLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path blobs() {
        return root.resolve("blobs");
    }

    /** The verified blob: present only once its whole digest has been checked. */
    public Path blob(Digest digest) {
        return blobs().resolve(digest.relativePath());
    }

    public Path partials() {
        return root.resolve("partial");
    }

    /** The directory of one in-progress download. */
    public Path partial(Digest digest) {
        return partials().resolve(digest.algorithm().id()).resolve(digest.hex());
    }

    /** Scratch space on the same filesystem as the cache, so renames out of it are atomic. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path model(RepositoryName repository) {
        return models().resolve(repository.value());
    }

    /** Explicit pins, one file per owner, so a restart keeps what a prefetch still needs. */
    public Path pins() {
        return root.resolve("pins");
    }
}
