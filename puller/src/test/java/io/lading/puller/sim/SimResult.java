package io.lading.puller.sim;

/**
 * The outcome of one simulated rollout.
 *
 * @param finish        seconds until the last live host held the whole model (infinity: some never did)
 * @param registryBytes bytes the registry sent, aborted transfers included
 * @param failed        hosts that died
 * @param events        events processed
 * @param wallSeconds   real time the simulation took
 */
record SimResult(Topology topology, SimConfig config, double finish, double registryBytes, int failed, long events,
                 double wallSeconds) {

    double overLowerBound() {
        return finish / config.lowerBound();
    }

    double registryCopies() {
        return registryBytes / config.modelBytes();
    }
}
