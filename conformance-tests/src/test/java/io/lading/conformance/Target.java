package io.lading.conformance;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lading.spec.digest.Digest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the registry under test can do, so tests of optional features skip instead of failing elsewhere.
 * Detection is by behaviour, so a plain OCI registry needs no flags. {@code lading.registry.features}
 * (or LADING_REGISTRY_FEATURES), a comma list such as {@code -referrers,-chunks,-sha512} or {@code +lading},
 * overrides detection: {@code -x} says the registry lacks x, {@code +x} (or {@code x}) that it has x.
 * Features: {@code lading} (the target is Lading), {@code referrers} (end-12), {@code chunks} (Lading's
 * chunk index), {@code sha512} (blobs named by sha512 digests), {@code tag-delete} (end-9 by tag).
 * Lading itself never skips: everything optional in the spec is required of it.
 */
final class Target {
    private static final Set<String> DECLARED = parse(Registry.setting("lading.registry.features", "LADING_REGISTRY_FEATURES"));
    private static Boolean lading;

    private Target() {
    }

    /** Lading: started in-process, declared with {@code +lading}, or answering Lading's chunk index. */
    static synchronized boolean isLading() {
        if (lading == null) {
            if (declaredMissing("lading")) {
                lading = false;
            } else if (Registry.isInProcessLading() || declared("lading")) {
                lading = true;
            } else {
                lading = servesChunkIndex();
            }
        }
        return lading;
    }

    /** Skips the calling test when the run declares that the registry lacks {@code feature}. */
    static void assumeNotDeclaredMissing(String feature) {
        assumeFalse(declaredMissing(feature), () -> "lading.registry.features says this registry lacks " + feature);
    }

    /**
     * Skips the calling test when the registry showed it lacks an optional feature ({@code present} is
     * false), unless the target is Lading, where the lack is a failure the test goes on to report.
     */
    static void assumeFeature(String feature, boolean present, String evidence) {
        assumeNotDeclaredMissing(feature);
        if (!isLading() && !declared(feature)) {
            assumeTrue(present, () -> "this registry has no " + feature + " (" + evidence + ")");
        }
    }

    static boolean declaredMissing(String feature) {
        return DECLARED.contains("-" + feature);
    }

    private static boolean declared(String feature) {
        return DECLARED.contains(feature) || DECLARED.contains("+" + feature);
    }

    private static Set<String> parse(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(","))
                .map(f -> f.trim().toLowerCase(Locale.ROOT)).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
    }

    /** The chunk index of a blob just pushed to a fresh repository; only Lading serves it. */
    private static boolean servesChunkIndex() {
        String repo = Content.repo();
        Digest d = Content.pushBlob(repo, Content.bytes(16));
        return Http.get(Content.chunkIndexPath(d, repo)).statusCode() == 200;
    }
}
