package io.lading.puller.client;

import io.lading.puller.fetch.BlobSource;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.io.InputStream;

/** The registry as a {@link BlobSource} for one repository: ranged GETs, which the fetch engine verifies. */
final class RegistryBlobSource implements BlobSource {
    private final RegistryClient client;
    private final RepositoryName repository;

    RegistryBlobSource(RegistryClient client, RepositoryName repository) {
        this.client = client;
        this.repository = repository;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) throws IOException {
        return client.openBlob(repository, digest, offset, length);
    }

    @Override
    public String toString() {
        return "registry " + client.baseUrl() + " (" + repository + ")";
    }
}
