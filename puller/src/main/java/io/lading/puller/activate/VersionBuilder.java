package io.lading.puller.activate;

import io.lading.puller.activate.VersionPlan.VersionFile;
import io.lading.puller.cache.CacheLayout;
import io.lading.spec.api.Limits;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Builds {@code models/<name>/versions/<hex>/} from blobs already verified into the cache: one hard link
 * per layer, plus {@code .lading/manifest.json} and {@code .lading/config.json}. Hard links make the cost depend on the
 * number of files, never on their size, and put no second copy on disk. The directory is assembled under
 * a temporary name, fsynced and renamed into place, so a version directory that exists is complete.
 */
public final class VersionBuilder {
    private final CacheLayout layout;

    public VersionBuilder(CacheLayout layout) {
        this.layout = layout;
    }

    /**
     * Builds the version unless a complete one is already there; returns its directory. Holds the model's
     * lock meanwhile, and first removes what an interrupted build left behind.
     */
    public Path build(RepositoryName name, Digest manifest) {
        ModelDir model = ModelDir.of(layout, name);
        try {
            checkBuildable(model, manifest);
            try (ModelLock lock = ModelLock.acquire(model)) {
                removeLeftovers(model);
                return buildLocked(model, manifest);
            }
        } catch (IOException e) {
            throw failure(model, manifest, e);
        }
    }

    /**
     * Refuses, creating nothing (not even the model's directory), a version that is neither built nor
     * buildable from the cache: a missing blob or an unusable manifest.
     */
    void checkBuildable(ModelDir model, Digest manifest) throws IOException {
        Path target = model.version(manifest);
        if (!Files.isDirectory(target) || !missingFiles(model.name().value(), target, manifest).isEmpty()) {
            checkedPlan(model, manifest);
        }
    }

    /** {@link #build} for a caller that holds the model's lock already. */
    Path buildLocked(ModelDir model, Digest manifest) throws IOException {
        Path target = model.version(manifest);
        if (Files.isDirectory(target)) {
            if (missingFiles(model.name().value(), target, manifest).isEmpty()) {
                return target;
            }
            // Someone removed files from a published version: set it aside whole, then build it afresh.
            Path broken = model.versions().resolve(ModelDir.TMP_PREFIX + "broken-" + UUID.randomUUID());
            Fs.renameOver(target, broken);
            Fs.deleteTree(broken);
        }
        publish(model, checkedPlan(model, manifest), target);
        return target;
    }

    static ActivationFailure failure(ModelDir model, Digest manifest, IOException e) {
        return new ActivationFailure.Io("cannot build " + model.name() + "@" + manifest + " under " + model.versions() + ": " + e, e);
    }

    private void publish(ModelDir model, VersionPlan plan, Path target) throws IOException {
        Files.createDirectories(model.versions());
        Path tmp = model.versions().resolve(ModelDir.TMP_PREFIX + plan.manifest().hex() + "-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            Files.createDirectory(tmp.resolve(CacheLayout.VERSION_META));
            Files.createLink(tmp.resolve(CacheLayout.VERSION_MANIFEST), layout.blob(plan.manifest()));
            Files.createLink(tmp.resolve(CacheLayout.VERSION_CONFIG), layout.blob(plan.config()));
            for (VersionFile file : plan.layers()) {
                Files.createLink(tmp.resolve(file.name()), layout.blob(file.digest()));
            }
            Fs.fsyncDirectory(tmp.resolve(CacheLayout.VERSION_META));
            Fs.fsyncDirectory(tmp);
            try {
                Fs.renameOver(tmp, target);
            } catch (IOException raced) {
                // Another process published the same version first (rename refuses a non-empty target): done.
                if (!Files.isDirectory(target)) {
                    throw raced;
                }
            }
            Fs.fsyncDirectory(model.versions());
        } finally {
            Fs.deleteTree(tmp);
        }
    }

    /**
     * The files a version directory lacks, compared with its own {@code manifest.json}: empty when complete.
     * A file whose size differs from its descriptor's counts as missing.
     */
    static List<String> missingFiles(String model, Path dir, Digest manifest) throws IOException {
        Path manifestFile = dir.resolve(CacheLayout.VERSION_MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return List.of(CacheLayout.VERSION_MANIFEST);
        }
        VersionPlan plan = VersionPlan.of(model, manifest, readManifest(manifestFile, manifest));
        List<String> missing = new java.util.ArrayList<>();
        if (!Files.isRegularFile(dir.resolve(CacheLayout.VERSION_CONFIG))) {
            missing.add(CacheLayout.VERSION_CONFIG);
        }
        for (VersionFile file : plan.layers()) {
            Path p = dir.resolve(file.name());
            if (!Files.isRegularFile(p) || Files.size(p) != file.size()) {
                missing.add(file.name());
            }
        }
        return missing;
    }

    /** Removes what an interrupted build left in {@code versions/}. Call only while holding the model's lock. */
    void removeLeftovers(ModelDir model) throws IOException {
        for (Path leftover : Fs.entriesStartingWith(model.versions(), ModelDir.TMP_PREFIX)) {
            Fs.deleteTree(leftover);
        }
    }

    /** The version's plan, once its manifest and every blob it names are known to be in the cache. */
    private VersionPlan checkedPlan(ModelDir model, Digest manifest) throws IOException {
        Path blob = layout.blob(manifest);
        if (!Files.isRegularFile(blob)) {
            throw new ActivationFailure.MissingBlobs(model.name().value(), manifest, List.of(manifest));
        }
        VersionPlan plan = VersionPlan.of(model.name().value(), manifest, readManifest(blob, manifest));
        List<Digest> missing = plan.blobs().stream().distinct().filter(d -> !Files.isRegularFile(layout.blob(d))).toList();
        if (!missing.isEmpty()) {
            throw new ActivationFailure.MissingBlobs(model.name().value(), manifest, missing);
        }
        return plan;
    }

    /** Reads manifest bytes, bounded by the spec's manifest limit, and checks them against their digest. */
    private static byte[] readManifest(Path file, Digest manifest) throws IOException {
        long size = Files.size(file);
        if (size > Limits.MAX_MANIFEST_BYTES) {
            throw new ActivationFailure.InvalidVersion("manifest " + manifest + " at " + file + " is " + size
                    + " bytes; manifests are at most " + Limits.MAX_MANIFEST_BYTES);
        }
        byte[] bytes = Files.readAllBytes(file);
        Digest actual = Digest.of(manifest.algorithm(), manifest.algorithm().newMessageDigest().digest(bytes));
        if (!actual.equals(manifest)) {
            throw new ActivationFailure.InvalidVersion("manifest file " + file + " hashes to " + actual + ", not " + manifest);
        }
        return bytes;
    }
}
