package io.lading.puller.activate;

import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.InvalidNameException;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the models under {@code <root>/models}. Names have several components ({@code org/model}), so a
 * model is any directory below it that has a {@code versions} directory; the path from {@code models}
 * to it is its name.
 */
final class ModelScan {
    private ModelScan() {
    }

    static List<ModelDir> of(CacheLayout layout) {
        List<ModelDir> found = new ArrayList<>();
        if (Files.isDirectory(layout.models())) {
            walk(layout, layout.models(), found);
        }
        found.sort(Comparator.comparing(ModelDir::name));
        return found;
    }

    private static void walk(CacheLayout layout, Path dir, List<ModelDir> found) {
        if (!dir.equals(layout.models()) && Files.isDirectory(dir.resolve("versions"), LinkOption.NOFOLLOW_LINKS)) {
            name(layout, dir).ifPresent(n -> found.add(new ModelDir(n, dir)));
        }
        for (Path child : list(dir)) {
            String base = child.getFileName().toString();
            // A model's own versions directory and our temporaries are never models of their own.
            boolean ownVersions = base.equals("versions") && found.stream().anyMatch(m -> m.dir().equals(dir));
            if (!base.startsWith(".") && !ownVersions && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(layout, child, found);
            }
        }
    }

    /** The versions of a model (temporaries aside), sorted by digest so the output is stable. */
    static List<ModelState.Version> versions(ModelDir model) {
        List<ModelState.Version> out = new ArrayList<>();
        for (Path dir : list(model.versions())) {
            Optional<Digest> digest = ModelDir.digestOfHex(dir.getFileName().toString());
            if (digest.isPresent() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> files = new ArrayList<>(list(dir));
                files.remove(dir.resolve(CacheLayout.VERSION_META));
                files.addAll(list(dir.resolve(CacheLayout.VERSION_META)));
                long bytes = 0;
                for (Path f : files) {
                    bytes += size(f);
                }
                out.add(new ModelState.Version(digest.get(), files.size(), bytes));
            }
        }
        out.sort(Comparator.comparing(ModelState.Version::manifest));
        return out;
    }

    private static Optional<RepositoryName> name(CacheLayout layout, Path dir) {
        try {
            return Optional.of(RepositoryName.parse(layout.models().relativize(dir).toString()));
        } catch (InvalidNameException notOurs) {
            return Optional.empty();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }
}
