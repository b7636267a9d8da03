package io.lading.puller.daemon;

import io.lading.puller.activate.Hook;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;

/** One model this host should serve: the version to have active, and how to tell the inference server. */
public record Target(RepositoryName model, Digest version, Hook hook) {
}
