package io.lading.registry.storage;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.spec.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every BlobStore must do; each implementation's test extends this. */
abstract class BlobStoreContract {
    @TempDir
    Path staging;

    /** A new, empty store on the same filesystem as {@link #staging}. */
    abstract BlobStore newStore() throws IOException;

    private Path stage(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(staging, "blob", ".tmp"), content);
    }

    private static byte[] readAll(SeekableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // keep reading until full
        }
        return buf.array();
    }

    @Test
    void givenAPublishedBlob_whenRead_thenTheExactBytesAndSizeComeBack() throws IOException {
        BlobStore store = newStore();
        byte[] content = "weights".getBytes();
        Digest digest = Digest.sha256Of(content);
        store.publish(digest, stage(content));
        assertEquals(content.length, store.size(digest).orElseThrow());
        try (var ch = store.open(digest)) {
            assertArrayEquals(content, readAll(ch));
        }
    }

    @Test
    void givenNoBlob_thenSizeIsEmptyAndOpenFails() throws IOException {
        BlobStore store = newStore();
        Digest digest = Digest.sha256Of(new byte[] {1});
        assertTrue(store.size(digest).isEmpty());
        assertThrows(NoSuchFileException.class, () -> store.open(digest));
    }

    @Test
    void givenTheBlobIsAlreadyStored_whenPublishedAgain_thenThatCountsAsSuccessAndTheStagedFileIsGone() throws IOException {
        BlobStore store = newStore();
        byte[] content = "same".getBytes();
        Digest digest = Digest.sha256Of(content);
        store.publish(digest, stage(content));
        Path second = stage(content);
        store.publish(digest, second);
        assertFalse(Files.exists(second));
        assertEquals(content.length, store.size(digest).orElseThrow());
    }

    @Test
    void givenAStoredBlob_whenDeleted_thenItIsGone() throws IOException {
        BlobStore store = newStore();
        byte[] content = "gone".getBytes();
        Digest digest = Digest.sha256Of(content);
        store.publish(digest, stage(content));
        assertTrue(store.delete(digest));
        assertFalse(store.delete(digest));
        assertTrue(store.size(digest).isEmpty());
    }
}
