package io.lading.puller.daemon;

import io.lading.puller.activate.Hook;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.util.List;
import java.util.Optional;

/**
 * One model this host should serve: the version to have active (empty: no opinion, keep what is active, as the
 * control plane says before a host's rollout wave), the tag that named it (trust rules with a tag pattern cover
 * only versions asked for by tag), how to tell the inference server, and the versions to hold in the cache
 * ahead of activation ({@code prefetch}, pinned so eviction cannot undo the work; spec/control-plane.md), and
 * whether the control plane named the version as a rollback ({@code rollback}: a trust policy's refuseOlder then
 * lets the host go back to its own previous version).
 */
public record Target(RepositoryName model, Optional<Digest> version, Optional<Tag> tag, Hook hook, List<Digest> prefetch,
                     boolean rollback) {

    public Target {
        prefetch = List.copyOf(prefetch);
    }

    public Target(RepositoryName model, Optional<Digest> version, Optional<Tag> tag, Hook hook, List<Digest> prefetch) {
        this(model, version, tag, hook, prefetch, false);
    }

    public Target(RepositoryName model, Digest version, Optional<Tag> tag, Hook hook) {
        this(model, Optional.of(version), tag, hook, List.of());
    }

    public Target(RepositoryName model, Digest version, Hook hook) {
        this(model, version, Optional.empty(), hook);
    }
}
