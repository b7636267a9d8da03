package io.lading.registry;

import java.net.URI;

/** A started registry: where it listens, and how to stop it. */
public final class RunningRegistry implements AutoCloseable {
    private final RegistryComponents components;
    private final URI url;

    RunningRegistry(RegistryComponents components, URI url) {
        this.components = components;
        this.url = url;
    }

    public URI url() {
        return url;
    }

    public RegistryComponents components() {
        return components;
    }

    @Override
    public void close() {
        components.close();
    }
}
