package io.lading.puller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.activate.Activator;
import io.lading.puller.activate.Hook;
import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.fetch.FetchEngine;
import io.lading.puller.fetch.FetchSettings;
import io.lading.puller.pull.ModelPuller;
import io.lading.puller.pull.PulledVersion;
import io.lading.puller.trust.ManifestVerifier;
import io.lading.puller.trust.PolicyCheck;
import io.lading.puller.trust.RegistryBundles;
import io.lading.puller.trust.TrustOptions;
import io.lading.puller.trust.Verdict;
import io.lading.puller.trust.VersionCheck;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lading pull <repository>:<tag>|@<digest>}: a model version into the verified cache, optionally out to a
 * directory. With {@code --policy} (or {@code --key}) the version's signatures are verified after the pull and before
 * {@code --activate} or {@code -o}: a rejected version is one line and exit 1, and nothing is activated or copied.
 */
@Command(name = "pull", description = "Pull a model version into this host's cache, every byte verified; blobs the cache holds are not fetched again.")
public final class PullCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    RegistryOptions options;

    @Spec
    CommandSpec spec;

    @Mixin
    CacheRoot cacheRoot;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also copy the files out of the cache into DIR, named by their titles (as oras pull -o does).")
    Path output;

    @Option(names = "--activate", description = "Make the pulled version current (models/<name>/current) once it is complete.")
    boolean activate;

    @Option(names = "--parallelism", defaultValue = "" + FetchSettings.DEFAULT_PARALLELISM,
            description = "Chunk transfers at once, shared among the blobs fetched at once: one stream per blob when there are enough blobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--concurrency", defaultValue = "" + ModelPuller.DEFAULT_BLOB_CONCURRENCY,
            description = "Blobs fetched at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--limit-rate", paramLabel = "BYTES/S", defaultValue = "0", description = "Cap on download bandwidth in bytes per second (0: none).")
    long limitRate;

    @Mixin
    TrustOptions trust;

    @Parameters(index = "0", paramLabel = "<repository>:<tag>|<repository>@<digest>", description = "What to pull, e.g. models/llama:v3.")
    String target;

    @Override
    public Integer call() throws Exception {
        ModelReference named = ModelReference.parse(target);
        Optional<ManifestVerifier> verifier = trust.verifier(false);
        CacheLayout layout = cacheRoot.layout();
        BlobCache blobs = new BlobCache(layout, Long.MAX_VALUE);
        FetchEngine engine = new FetchEngine(blobs, FetchSettings.defaults().withParallelism(parallelism).withBytesPerSecond(limitRate));
        var client = options.client();
        ModelPuller puller = new ModelPuller(client, blobs, engine, repo -> java.util.List.of(client.blobSource(repo)), Math.max(1, concurrency));
        PrintWriter err = spec.commandLine().getErr();
        PullProgress progress = new PullProgress(Progress.forPush(options.json, err));
        String pin = "cli-pull:" + ProcessHandle.current().pid();
        long start = System.nanoTime();
        PulledVersion v;
        try {
            v = puller.pull(named.repository(), named.reference(), pin, progress);
        } finally {
            progress.done();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Activator activator = activate || verifier.isPresent() ? new Activator(layout) : null;
        VersionCheck check = verifier.<VersionCheck>map(m -> new PolicyCheck(m, new RegistryBundles(client), layout, activator))
                .orElse(VersionCheck.unchecked());
        Verdict verdict = check.check(v.repository(), named.reference() instanceof Tag t ? Optional.of(t) : Optional.empty(), v.digest());
        if (!verdict.permitsActivation()) {
            blobs.unpin(pin);
            throw new CliFailure(v.repository() + "@" + v.digest() + " " + verdict.summary()
                    + "; nothing was activated or copied out");
        }
        if (activate) {
            check.activating(v.repository(), v.digest(), verdict);
            activator.activate(v.repository(), v.digest(), Hook.none());
        }
        blobs.unpin(pin);
        if (output != null) {
            copyOut(layout, v, output);
        }
        print(v, seconds);
        return 0;
    }

    private static void copyOut(CacheLayout layout, PulledVersion v, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var layer : v.manifest().layers()) {
            String title = layer.annotations().getOrDefault(io.lading.spec.manifest.Annotations.TITLE, layer.parsedDigest().hex());
            if (title.isEmpty() || title.contains("/") || title.equals("..") || title.equals(".")) {
                throw new CliFailure("layer " + layer.digest() + " has title '" + title + "', which is not a plain file name");
            }
            // A copy, not a hard link: files the user may edit must not alias the verified cache.
            Path tmp = dir.resolve("." + title + ".lading-tmp");
            Files.copy(layout.blob(layer.parsedDigest()), tmp, StandardCopyOption.REPLACE_EXISTING);
            tmp.toFile().setWritable(true, true);
            Files.move(tmp, dir.resolve(title), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void print(PulledVersion v, double seconds) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repository", v.repository().value());
            m.put("digest", v.digest().toString());
            m.put("blobs", v.manifest().layers().size() + (v.manifest().config() == null ? 0 : 1));
            m.put("totalBytes", v.totalBytes());
            m.put("bytesFetched", v.bytesFetched());
            m.put("bytesCached", v.bytesCached());
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("activated", activate);
            if (output != null) {
                m.put("output", output.toAbsolutePath().toString());
            }
            out.println(JSON.writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "%s@%s: %s, %s fetched, %s already cached, %.1f s%s%n", v.repository(), v.digest(),
                    Progress.bytes(v.totalBytes()), Progress.bytes(v.bytesFetched()), Progress.bytes(v.bytesCached()), seconds,
                    activate ? ", now current" : "");
        }
        out.flush();
    }
}
