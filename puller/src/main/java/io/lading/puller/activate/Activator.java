package io.lading.puller.activate;

import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Switches a model's {@code current} between complete versions, with {@code previous} kept for rollback.
 *
 * <p>Each symlink changes by one atomic rename of a fresh symlink over it. Activation moves
 * {@code previous} first and {@code current} last, so a crash at any instant leaves {@code current} on the
 * old complete version or on the new complete one; at worst {@code previous} already equals
 * {@code current}. Temporaries a crash leaves behind are removed the next time an Activator starts or
 * takes the model's lock. A hook that fails has both links put back as they were before the switch.
 */
public final class Activator {
    private static final String TMP_LINK = ModelDir.TMP_PREFIX + "link-";

    private final CacheLayout layout;
    private final VersionBuilder builder;

    public Activator(CacheLayout layout) {
        this.layout = layout;
        this.builder = new VersionBuilder(layout);
        recover();
    }

    /** Builds the version if needed, points {@code current} at it and fires the hook; undoes the switch if it fails. */
    public Activation activate(RepositoryName name, Digest manifest, Hook hook) {
        ModelDir model = ModelDir.of(layout, name);
        try {
            builder.checkBuildable(model, manifest);
        } catch (IOException e) {
            throw VersionBuilder.failure(model, manifest, e);
        }
        try (ModelLock lock = ModelLock.acquire(model)) {
            removeLeftovers(model);
            Path version = builder.buildLocked(model, manifest);
            Optional<Digest> oldCurrent = target(model.current());
            Optional<Digest> oldPrevious = target(model.previous());
            if (oldCurrent.equals(Optional.of(manifest))) {
                return new Activation(name, manifest, oldPrevious, version, false);
            }
            if (oldCurrent.isPresent()) {
                point(model, ModelDir.PREVIOUS, oldCurrent);
            }
            point(model, ModelDir.CURRENT, Optional.of(manifest));
            Fs.fsyncDirectory(model.dir());
            fireOrUndo(model, hook, manifest, oldCurrent, oldPrevious, "activating");
            return new Activation(name, manifest, oldCurrent.isPresent() ? oldCurrent : oldPrevious, version, true);
        } catch (IOException e) {
            throw new ActivationFailure.Io("activating " + name + "@" + manifest + " failed: " + e, e);
        }
    }

    /** Swaps {@code current} and {@code previous}; the previous version must still be complete. */
    public Activation rollback(RepositoryName name, Hook hook) {
        ModelDir model = ModelDir.of(layout, name);
        if (!Files.isDirectory(model.versions())) {
            // Checked before locking, which would create the model's directory for nothing.
            throw new ActivationFailure.NoPrevious("cannot roll back " + name + ": it has no previous version (no version of it in "
                    + layout.models() + ")");
        }
        try (ModelLock lock = ModelLock.acquire(model)) {
            removeLeftovers(model);
            Optional<Digest> oldCurrent = target(model.current());
            Optional<Digest> oldPrevious = target(model.previous());
            Digest back = oldPrevious.orElseThrow(() -> new ActivationFailure.NoPrevious(
                    "cannot roll back " + name + ": it has no previous version"));
            if (oldCurrent.equals(oldPrevious)) {
                throw new ActivationFailure.NoPrevious("cannot roll back " + name + ": previous and current are both "
                        + back + " (an activation was interrupted); activate the version you want instead");
            }
            Path backDir = model.version(back);
            List<String> missing = Files.isDirectory(backDir)
                    ? VersionBuilder.missingFiles(name.value(), backDir, back) : List.of("its whole directory");
            if (!missing.isEmpty()) {
                throw new ActivationFailure.NoPrevious("cannot roll back " + name + " to " + back
                        + ": that version is no longer complete (missing " + String.join(", ", missing) + ")");
            }
            // current first: once it has moved, the rollback has happened, whatever else a crash interrupts.
            point(model, ModelDir.CURRENT, oldPrevious);
            point(model, ModelDir.PREVIOUS, oldCurrent);
            Fs.fsyncDirectory(model.dir());
            fireOrUndo(model, hook, back, oldCurrent, oldPrevious, "rolling back");
            return new Activation(name, back, oldCurrent, backDir, true);
        } catch (IOException e) {
            throw new ActivationFailure.Io("rolling back " + name + " failed: " + e, e);
        }
    }

    public Optional<Digest> current(RepositoryName name) {
        return target(ModelDir.of(layout, name).current());
    }

    public Optional<Digest> previous(RepositoryName name) {
        return target(ModelDir.of(layout, name).previous());
    }

    /** Every model in the cache with its current and previous version and the versions it holds. */
    public List<ModelState> models() {
        return ModelScan.of(layout).stream().map(this::state).toList();
    }

    private ModelState state(ModelDir model) {
        return new ModelState(model.name(), target(model.current()), target(model.previous()), ModelScan.versions(model));
    }

    /**
     * Removes what crashes left in every model that no one is changing now. A model whose lock is held is
     * skipped: its owner cleans up when it takes the lock.
     */
    public void recover() {
        for (ModelDir model : ModelScan.of(layout)) {
            try {
                Optional<ModelLock> lock = ModelLock.tryAcquire(model);
                if (lock.isPresent()) {
                    try (ModelLock held = lock.get()) {
                        removeLeftovers(model);
                    }
                }
            } catch (IOException e) {
                throw new ActivationFailure.Io("cannot clean up after an interrupted activation in " + model.dir() + ": " + e, e);
            }
        }
    }

    private void fireOrUndo(ModelDir model, Hook hook, Digest now, Optional<Digest> oldCurrent,
                            Optional<Digest> oldPrevious, String what) throws IOException {
        try {
            hook.fire(new Hook.Event(model.name(), now, model.current()));
        } catch (Hook.Failed e) {
            point(model, ModelDir.CURRENT, oldCurrent);
            point(model, ModelDir.PREVIOUS, oldPrevious);
            Fs.fsyncDirectory(model.dir());
            throw new ActivationFailure.HookFailed(what + " " + model.name() + " to " + now + " was undone, current is "
                    + oldCurrent.map(Digest::toString).orElse("unset") + " again: " + e.getMessage(), e);
        }
    }

    /**
     * Removes every version that is neither current nor previous, so the cache can collect the blobs only they
     * linked. Each goes out of sight with one rename before it is deleted, so a crash never leaves a
     * half-deleted directory under a version's name. Returns the number of versions removed.
     */
    public int prune() {
        int removed = 0;
        for (ModelDir model : ModelScan.of(layout)) {
            try (ModelLock lock = ModelLock.acquire(model)) {
                removeLeftovers(model);
                Optional<Digest> current = target(model.current());
                Optional<Digest> previous = target(model.previous());
                for (ModelState.Version v : ModelScan.versions(model)) {
                    if (current.equals(Optional.of(v.manifest())) || previous.equals(Optional.of(v.manifest()))) {
                        continue;
                    }
                    Path hidden = model.versions().resolve(ModelDir.TMP_PREFIX + "prune-" + v.manifest().hex() + "-" + UUID.randomUUID());
                    Fs.renameOver(model.version(v.manifest()), hidden);
                    Fs.deleteTree(hidden);
                    removed++;
                }
                Fs.fsyncDirectory(model.versions());
            } catch (IOException e) {
                throw new ActivationFailure.Io("pruning old versions of " + model.name() + " failed: " + e, e);
            }
        }
        return removed;
    }

    private void removeLeftovers(ModelDir model) throws IOException {
        for (Path link : Fs.entriesStartingWith(model.dir(), TMP_LINK)) {
            Files.deleteIfExists(link);
        }
        builder.removeLeftovers(model);
    }

    /** Points {@code current} or {@code previous} at a version with one rename, or removes it when empty. */
    private static void point(ModelDir model, String which, Optional<Digest> version) throws IOException {
        Path link = model.dir().resolve(which);
        if (version.isEmpty()) {
            Files.deleteIfExists(link);
            return;
        }
        Path tmp = model.dir().resolve(TMP_LINK + which + "-" + UUID.randomUUID());
        Files.createSymbolicLink(tmp, ModelDir.linkTarget(version.get()));
        Fs.renameOver(tmp, link);
    }

    /** The version a symlink points at, if it is one of ours. */
    static Optional<Digest> target(Path link) {
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            Path target = Files.readSymbolicLink(link);
            return ModelDir.digestOfHex(target.getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
