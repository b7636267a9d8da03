package io.lading.puller.cli;

import io.lading.puller.activate.Activator;
import io.lading.puller.activate.ModelState;
import io.lading.puller.cache.CacheLayout;
import io.lading.spec.digest.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lading ls}: the models on this host, which version is current and previous, and what each takes. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List models in the local cache: current and previous version, every version and its size.")
public final class LsCommand implements Callable<Integer> {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    @Mixin
    CacheOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CacheLayout layout = options.layout();
        List<ModelState> models = new Activator(layout).models();
        List<Map<String, Object>> json = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ModelState m : models) {
            json.add(json(m));
            text.append(text.isEmpty() ? "" : "\n").append(m.name());
            for (ModelState.Version v : m.versions()) {
                text.append(String.format("%n  %s  %3d files  %10s  %s", v.manifest(), v.files(), human(v.bytes()), role(m, v.manifest())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cache", layout.root().toString());
        out.put("models", json);
        options.print(spec, out, models.isEmpty() ? "no models in " + layout.root() : text.toString().stripTrailing());
        return 0;
    }

    private static String role(ModelState m, Digest version) {
        Optional<Digest> v = Optional.of(version);
        return m.current().equals(v) ? "current" : m.previous().equals(v) ? "previous" : "";
    }

    private static Map<String, Object> json(ModelState m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name().value());
        out.put("current", m.current().map(Digest::toString).orElse(null));
        out.put("previous", m.previous().map(Digest::toString).orElse(null));
        List<Map<String, Object>> versions = new ArrayList<>();
        for (ModelState.Version v : m.versions()) {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("digest", v.manifest().toString());
            version.put("files", v.files());
            version.put("bytes", v.bytes());
            versions.add(version);
        }
        out.put("versions", versions);
        return out;
    }

    /** Sizes in binary units with one decimal, as people read disk sizes: {@code 4.0 GiB}. */
    static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format("%.1f %s", value, UNITS[unit]);
    }
}
