package io.lading.puller.cli;

import io.lading.puller.activate.Activator;
import io.lading.puller.cache.BlobCache;
import io.lading.puller.cache.CacheLayout;
import io.lading.puller.cache.CacheUsage;
import io.lading.puller.cache.Freed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lading gc}: frees what no current, previous or pinned version needs. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove versions that are neither current nor previous, then every cached blob that no remaining"
                + " version links and nothing pins; rollback targets and prefetches in progress are kept.")
public final class GcCommand implements Callable<Integer> {
    @Mixin
    CacheOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep-versions", description = "Keep old version directories (and the blobs they link); collect only unlinked blobs.")
    boolean keepVersions;

    @Override
    public Integer call() throws Exception {
        CacheLayout layout = options.layout();
        int versions = keepVersions ? 0 : new Activator(layout).prune();
        BlobCache cache = new BlobCache(layout, Long.MAX_VALUE);
        Freed freed = cache.gc();
        CacheUsage left = cache.usage();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cache", layout.root().toString());
        json.put("versionsRemoved", versions);
        json.put("blobsRemoved", freed.blobs());
        json.put("bytesFreed", freed.bytes());
        json.put("blobsLeft", left.blobs());
        json.put("bytesLeft", left.usedBytes());
        options.print(spec, json, String.format("removed %d old version(s) and %d blob(s), freed %s; %d blob(s), %s left in %s",
                versions, freed.blobs(), Progress.bytes(freed.bytes()), left.blobs(), Progress.bytes(left.usedBytes()), layout.root()));
        return 0;
    }
}
