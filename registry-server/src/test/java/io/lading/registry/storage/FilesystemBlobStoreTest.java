package io.lading.registry.storage;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FilesystemBlobStoreTest extends BlobStoreContract {

    @Override
    BlobStore newStore() throws IOException {
        return new FilesystemBlobStore(staging.resolve("blobs-" + System.nanoTime()));
    }

    @Test
    void blobsLiveUnderAlgorithmAndTwoHexCharacterFanOut() throws IOException {
        var store = new FilesystemBlobStore(staging.resolve("layout"));
        byte[] content = "layout".getBytes();
        Digest digest = Digest.sha256Of(content);
        store.publish(digest, Files.write(staging.resolve("staged"), content));
        var expected = staging.resolve("layout/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertArrayEquals(content, Files.readAllBytes(expected));
    }
}
