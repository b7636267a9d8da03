package io.lading.puller.activate;

import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Annotations;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.InvalidManifestException;
import io.lading.spec.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one version directory holds, read from the exact manifest bytes: one file per layer, named by its
 * {@code org.opencontainers.image.title} annotation (or its digest hex when it has none), plus the
 * manifest and config themselves. Titles come from whoever pushed the model, so each is checked to be a
 * plain file name: a title like {@code ../x} must never place a link outside the version directory.
 */
record VersionPlan(Digest manifest, Digest config, List<VersionFile> layers) {
    /** Longest file name that Linux file systems accept (NAME_MAX), in bytes. */
    private static final int NAME_MAX = 255;

    /** One layer as a file of the version: its name in the directory and the blob it links to. */
    record VersionFile(String name, Digest digest, long size) {
    }

    VersionPlan {
        layers = List.copyOf(layers);
    }

    static VersionPlan of(String model, Digest manifestDigest, byte[] manifestBytes) {
        Manifest manifest;
        try {
            manifest = Manifest.parse(manifestBytes, null);
        } catch (InvalidManifestException e) {
            throw invalid(model, manifestDigest, e.getMessage());
        }
        if (manifest.isIndex()) {
            throw invalid(model, manifestDigest, "it is an index (" + manifest.mediaType()
                    + "), not a manifest; activate the manifest of one platform");
        }
        Set<String> names = new HashSet<>(Set.of(CacheLayout.VERSION_META));
        List<VersionFile> files = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            Digest digest = layer.parsedDigest();
            String title = layer.annotations().get(Annotations.TITLE);
            String name = title == null ? digest.hex() : checkedTitle(model, manifestDigest, i, title);
            if (!names.add(name)) {
                throw invalid(model, manifestDigest, "layer " + i + " is named '" + name
                        + "', which another layer already uses (or Lading's own " + CacheLayout.VERSION_META + " directory)");
            }
            files.add(new VersionFile(name, digest, layer.size()));
        }
        return new VersionPlan(manifestDigest, manifest.config().parsedDigest(), files);
    }

    /** Every blob the version links to: manifest, config, layers (a blob used twice is listed twice). */
    List<Digest> blobs() {
        List<Digest> all = new ArrayList<>(List.of(manifest, config));
        layers.forEach(f -> all.add(f.digest()));
        return all;
    }

    /** Every file name of a complete version directory. */
    List<String> fileNames() {
        List<String> all = new ArrayList<>(List.of(CacheLayout.VERSION_MANIFEST, CacheLayout.VERSION_CONFIG));
        layers.forEach(f -> all.add(f.name()));
        return all;
    }

    private static String checkedTitle(String model, Digest manifest, int index, String title) {
        String why = null;
        if (title.isEmpty()) {
            why = "is empty";
        } else if (title.equals(".") || title.equals("..")) {
            why = "is a directory reference";
        } else if (title.contains("/") || title.contains("\\")) {
            why = "contains a path separator";
        } else if (title.indexOf('\0') >= 0) {
            why = "contains a NUL character";
        } else if (title.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            why = "is longer than " + NAME_MAX + " bytes";
        }
        if (why != null) {
            throw invalid(model, manifest, "layer " + index + " title '" + title + "' " + why
                    + "; a title must be a plain file name");
        }
        return title;
    }

    private static ActivationFailure.InvalidVersion invalid(String model, Digest manifest, String why) {
        return new ActivationFailure.InvalidVersion("cannot build " + model + "@" + manifest + ": " + why);
    }
}
