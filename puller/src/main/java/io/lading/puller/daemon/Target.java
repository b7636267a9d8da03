package io.lading.puller.daemon;

import io.lading.puller.activate.Hook;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.util.Optional;

/**
 * One model this host should serve: the version to have active, the tag that named it (trust rules with a
 * tag pattern cover only versions asked for by tag), and how to tell the inference server.
 */
public record Target(RepositoryName model, Digest version, Optional<Tag> tag, Hook hook) {

    public Target(RepositoryName model, Digest version, Hook hook) {
        this(model, version, Optional.empty(), hook);
    }
}
