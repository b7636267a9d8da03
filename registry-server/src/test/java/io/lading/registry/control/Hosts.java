package io.lading.registry.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers over a group of simulated hosts. */
final class Hosts {
    private Hosts() {
    }

    static void followAll(List<SimHost> hosts) {
        hosts.forEach(SimHost::follow);
    }

    static void beatAll(List<SimHost> hosts) {
        hosts.forEach(SimHost::beat);
    }

    /** Ids of the hosts whose desired version is {@code version}, sorted. */
    static List<String> desiring(List<SimHost> hosts, String version) {
        return hosts.stream().filter(h -> version.equals(h.desiredActive())).map(h -> h.id).sorted().collect(Collectors.toList());
    }

    /**
     * The order spec/control-plane.md promises: sha256(hostId + "/" + n) for rollout r-n, unsigned, then id.
     * Written here independently of the registry's code, so the test checks the contract, not itself.
     */
    static List<String> expectedOrder(List<SimHost> hosts, String rolloutId) {
        String n = rolloutId.substring(2);
        return hosts.stream().map(h -> h.id).sorted(Comparator.<String, byte[]>comparing(id -> sha256(id + "/" + n), Arrays::compareUnsigned)
                .thenComparing(id -> id)).toList();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
