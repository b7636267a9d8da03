package io.lading.puller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.ClientSettings;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.UploadSettings;
import io.lading.puller.client.push.ArtifactPusher;
import io.lading.puller.client.push.PushResult;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lading push <repository>:<tag> <dir>}: a directory of shards becomes one ModelPack artifact. */
@Command(name = "push", description = "Push a directory of shard files as a ModelPack OCI artifact (one layer per file) and print its digest.")
public final class PushCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    RegistryOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--concurrency", defaultValue = "4", description = "Blobs hashed and uploaded at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--chunk-size", defaultValue = "" + (64L << 20),
            description = "Bytes per PATCH of a chunked upload; a broken connection costs at most one (default: ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--index-chunk-size", defaultValue = "" + (64L << 20),
            description = "The registry's --chunk-size: each layer's signed chunk list (io.lading.chunks.sha256) is cut at it (default: ${DEFAULT-VALUE}).")
    long indexChunkSize;

    @Option(names = "--mount-from", paramLabel = "<repository>",
            description = "Mount blobs this repository already holds instead of uploading them (needs pull on it).")
    String mountFrom;

    @Parameters(index = "0", paramLabel = "<repository>:<tag>", description = "Where to push, e.g. models/llama:v3.")
    String target;

    @Parameters(index = "1", paramLabel = "<dir>", description = "Directory whose regular files are the model's shards.")
    Path dir;

    @Override
    public Integer call() {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || target.indexOf('/', colon) >= 0) {
            throw new CliFailure("'" + target + "' is not <repository>:<tag>, e.g. models/llama:v3");
        }
        RepositoryName repository;
        Tag tag;
        RepositoryName source;
        try {
            repository = RepositoryName.parse(target.substring(0, colon));
            tag = Tag.parse(target.substring(colon + 1));
            source = mountFrom == null ? null : RepositoryName.parse(mountFrom);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
        UploadSettings uploads = new UploadSettings(Math.min(UploadSettings.DEFAULT.monolithicLimit(), chunkSize), chunkSize);
        PrintWriter err = spec.commandLine().getErr();
        ClientSettings settings = ClientSettings.DEFAULT.withUploads(uploads).withRetryListener((action, attempt, reason, wait) -> {
            err.printf(Locale.ROOT, "retrying %s in %.1f s (attempt %d: %s)%n", action, wait.toMillis() / 1000.0, attempt, reason);
            err.flush();
        });
        RegistryClient client = options.client(settings);
        PushResult result;
        try {
            result = new ArtifactPusher(client, concurrency, source, indexChunkSize).push(repository, tag, dir, Progress.forPush(options.json, err));
        } catch (IOException e) {
            throw new CliFailure(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? json(result) : text(result));
        out.flush();
        return 0;
    }

    private static String text(PushResult r) {
        return "Pushed " + r.reference() + " (" + r.layers().size() + " layers; " + r.blobsUploaded() + " blobs uploaded, "
                + r.blobsSkipped() + " already there; " + Progress.bytes(r.bytesUploaded()) + " sent)\nDigest: " + r.manifestDigest();
    }

    private static String json(PushResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference", r.reference());
        out.put("digest", r.manifestDigest().toString());
        out.put("mediaType", MediaTypes.OCI_MANIFEST);
        out.put("artifactType", MediaTypes.MODEL_ARTIFACT);
        out.put("size", r.manifestSize());
        out.put("blobsUploaded", r.blobsUploaded());
        out.put("blobsSkipped", r.blobsSkipped());
        out.put("bytesUploaded", r.bytesUploaded());
        out.put("layers", r.layers().stream().map(l -> Map.of("title", l.title(), "digest", l.digest().toString(), "size", l.size(),
                "mediaType", l.mediaType())).toList());
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }
}
