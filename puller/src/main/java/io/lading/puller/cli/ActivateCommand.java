package io.lading.puller.cli;

import io.lading.puller.activate.Activation;
import io.lading.puller.activate.Activator;
import io.lading.puller.activate.CommandHook;
import io.lading.puller.activate.Hook;
import io.lading.puller.activate.HttpHook;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lading activate <repository>@<digest>}: build a pulled version from the cache and make it current. */
@Command(name = "activate", mixinStandardHelpOptions = true,
        description = "Make a pulled version current: hard links into the cache, one atomic rename, then the hook.")
public final class ActivateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPOSITORY@DIGEST", description = "The version to activate, e.g. team/llama@sha256:ab12...")
    String version;

    @Mixin
    CacheOptions options;

    @Mixin
    HookOptions hookOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int at = version.lastIndexOf('@');
        if (at <= 0) {
            throw new CliFailure("expected REPOSITORY@DIGEST (e.g. team/llama@sha256:ab12...), got '" + version
                    + "'; activate takes a digest, which lading pull prints");
        }
        RepositoryName name = RepositoryName.parse(version.substring(0, at));
        Digest manifest = Digest.parse(version.substring(at + 1));
        Activation a = new Activator(options.layout()).activate(name, manifest, hookOptions.hook());
        String text = a.switched()
                ? name + ": current is " + a.current() + a.previous().map(p -> ", previous " + p).orElse("") + " (" + a.path() + ")"
                : name + ": " + a.current() + " is current already; nothing changed";
        options.print(spec, json(a), text);
        return 0;
    }

    static Map<String, Object> json(Activation a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", a.model().value());
        out.put("current", a.current().toString());
        out.put("previous", a.previous().map(Digest::toString).orElse(null));
        out.put("path", a.path().toString());
        out.put("switched", a.switched());
        return out;
    }

    /** How the inference server hears of a switch; shared by activate and rollback. */
    public static final class HookOptions {
        @Option(names = "--on-activate-cmd", paramLabel = "CMD",
                description = "Shell command run after the switch, with LADING_MODEL, LADING_VERSION, LADING_PATH set; non-zero exit undoes the switch.")
        String command;

        @Option(names = "--on-activate-url", paramLabel = "URL",
                description = "URL to POST {model, version, path} to after the switch (the server's reload endpoint); non-2xx undoes the switch.")
        URI url;

        @Option(names = "--hook-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long the hook may take before it is killed or aborted and the switch undone: 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        Hook hook() {
            if (command != null && url != null) {
                throw new CliFailure("give --on-activate-cmd or --on-activate-url, not both");
            }
            if (command != null) {
                return new CommandHook(command, timeout);
            }
            return url != null ? new HttpHook(url, timeout) : Hook.none();
        }
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}: the forms people type for a timeout. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a duration like 500ms, 30s, 2m or 1h");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
