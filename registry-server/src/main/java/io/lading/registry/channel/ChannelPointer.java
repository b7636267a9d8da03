package io.lading.registry.channel;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.time.Instant;

/** Where a channel of a model points, since when, moved by whom and why (reason may be null). */
public record ChannelPointer(RepositoryName model, ChannelName channel, Digest version, Instant movedAt, String movedBy,
                             String reason) {
}
