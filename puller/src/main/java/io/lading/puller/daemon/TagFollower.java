package io.lading.puller.daemon;

import io.lading.puller.client.RegistryClient;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Desired state from tags: each followed model should run what its tag points at now, checked every poll. */
public final class TagFollower implements DesiredState {
    private final RegistryClient registry;
    private final List<DaemonConfig.Model> models;
    private final Duration pollInterval;

    public TagFollower(RegistryClient registry, List<DaemonConfig.Model> models, Duration pollInterval) {
        this.registry = registry;
        this.models = List.copyOf(models);
        this.pollInterval = pollInterval;
    }

    @Override
    public List<Target> targets() throws IOException {
        List<Target> targets = new ArrayList<>();
        for (DaemonConfig.Model m : models) {
            Tag tag = Tag.parse(m.tag());
            var pulled = registry.manifest(m.repositoryName(), tag);
            targets.add(new Target(m.repositoryName(), pulled.digest(), Optional.of(tag), m.hook()));
        }
        return targets;
    }

    @Override
    public void awaitChange() throws InterruptedException {
        Thread.sleep(pollInterval);
    }
}
