package io.lading.puller.swarm;

/**
 * Where the scheduler sends a chunk request: the registry, or one LAN peer named by its tracker id
 * (spec/peers.md: {@code [a-z0-9][a-z0-9._-]{0,62}}, the host id).
 */
public sealed interface Source {

    /** The one registry source; the registry is never banned, since every byte it serves is verified anyway. */
    Source REGISTRY = new Registry();

    static Source peer(String id) {
        return new Peer(id);
    }

    /** The registry (or its replicas behind one URL). */
    record Registry() implements Source {
        @Override
        public String toString() {
            return "registry";
        }
    }

    /** A LAN peer, by its tracker id. */
    record Peer(String id) implements Source {
        public Peer {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a peer needs an id");
            }
        }

        @Override
        public String toString() {
            return "peer " + id;
        }
    }
}
