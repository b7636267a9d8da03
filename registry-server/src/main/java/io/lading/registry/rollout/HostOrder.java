package io.lading.registry.rollout;

import io.lading.registry.fleet.HostId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a rollout assigns hosts to waves: by sha256 of {@code hostId + "/" + rolloutId}, then
 * host id. Stable for a rollout (a re-evaluation or a restart never reshuffles) and different between
 * rollouts (the same hosts are not always the canaries).
 */
public final class HostOrder {
    private HostOrder() {
    }

    public static List<HostId> of(List<HostId> hosts, long rolloutId) {
        return hosts.stream().sorted(Comparator.<HostId, byte[]>comparing(h -> key(h, rolloutId), Arrays::compareUnsigned)
                .thenComparing(h -> h)).toList();
    }

    static byte[] key(HostId host, long rolloutId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((host.value() + "/" + rolloutId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
