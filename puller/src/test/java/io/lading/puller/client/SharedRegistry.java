package io.lading.puller.client;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestRegistry} for all tests of a class: {@code @RegisterExtension static final SharedRegistry
 * registry = new SharedRegistry(chunkSize);}. Tests keep apart by using their own repositories.
 */
public final class SharedRegistry implements BeforeAllCallback, AfterAllCallback {
    private final long chunkSize;
    private TestRegistry registry;

    public SharedRegistry(long chunkSize) {
        this.chunkSize = chunkSize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        registry = TestRegistry.start(chunkSize);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        registry.close();
    }

    public TestRegistry get() {
        return registry;
    }

    public String url() {
        return registry.url();
    }

    public RegistryClient admin() {
        return registry.admin();
    }
}
