package io.lading.registry.peer;

import io.lading.spec.digest.Digest;
import java.util.OptionalLong;

/**
 * One entry of an announce (spec/peers.md): the peer holds {@code chunks} (a base64 bitset, parsed once the blob's
 * chunk count is known; null for none) or all of the blob, or withdraws it.
 */
public record Claim(Digest digest, OptionalLong size, String chunks, boolean complete, boolean replace, boolean remove) {

    public static Claim removal(Digest digest) {
        return new Claim(digest, OptionalLong.empty(), null, false, false, true);
    }
}
