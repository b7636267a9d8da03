package io.lading.puller.client;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.fetch.BlobSource;
import io.lading.spec.chunk.ChunkIndex;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** end-2 and end-4/5/6 against a real registry: uploads of every kind, ranged reads, the chunk index. */
class BlobTransferIT {
    private static final int INDEX_CHUNK = 1 << 20;
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(INDEX_CHUNK);

    /** Created per test, after the registry has started. */
    private final RegistryClient client = registry.admin();

    @TempDir
    Path tmp;

    @Test
    void givenSmallBlob_whenUploaded_thenHeadFindsItAndRangesReadBackExactBytes() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("blobs");
        Path file = TestFiles.random(tmp, "shard", 3_500_000, 1);
        Digest digest = TestFiles.digest(file);
        AtomicLong sent = new AtomicLong();

        assertEquals(UploadOutcome.UPLOADED, client.uploadBlob(repo, digest, file, null, sent::addAndGet));

        assertEquals(Files.size(file), sent.get());
        assertTrue(client.hasBlob(repo, digest));
        assertFalse(client.hasBlob(repo, Digest.sha256Of(new byte[] {1})));
        assertArrayEquals(Files.readAllBytes(file), TestFiles.read(client.openBlob(repo, digest, 0, Files.size(file))));
        assertArrayEquals(TestFiles.slice(file, 1000, 5000), TestFiles.read(client.openBlob(repo, digest, 1000, 5000)));
        assertArrayEquals(TestFiles.slice(file, 3_499_999, 1), TestFiles.read(client.openBlob(repo, digest, 3_499_999, 1)));
        assertEquals(0, TestFiles.read(client.openBlob(repo, digest, 10, 0)).length);
    }

    @Test
    void givenRangePastTheEnd_whenOpened_thenOneLineErrorWithStatus() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("blobs");
        Path file = TestFiles.random(tmp, "small", 100, 2);
        Digest digest = TestFiles.digest(file);
        client.uploadBlob(repo, digest, file, null, n -> { });

        RegistryException e = assertThrows(RegistryException.class, () -> client.openBlob(repo, digest, 200, 10));

        assertEquals(416, e.status());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("pulling bytes 200-209 of blob " + digest), e.getMessage());
    }

    @Test
    void givenBlobLargerThanTheChunkSize_whenUploaded_thenSentInPatchesAndChunkIndexMatches() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("chunked");
        Path file = TestFiles.random(tmp, "big", 2_600_000, 3);
        Digest digest = TestFiles.digest(file);
        try (FaultProxy proxy = new FaultProxy(registry.url())) {
            RegistryClient chunked = new RegistryClient(proxy.url(), new Credentials(TestRegistry.ADMIN, TestRegistry.ADMIN_PASSWORD),
                    ClientSettings.DEFAULT.withUploads(new UploadSettings(0, 300_000)));

            chunked.uploadBlob(repo, digest, file, null, n -> { });

            assertEquals(9, proxy.seen().stream().filter(s -> s.method().equals("PATCH")).count(), "ceil(2600000 / 300000) PATCHes");
            assertEquals(1, proxy.seen().stream().filter(s -> s.method().equals("PUT") && s.pathAndQuery().contains("digest=")).count());
        }
        assertArrayEquals(Files.readAllBytes(file), TestFiles.read(client.openBlob(repo, digest, 0, Files.size(file))));
        ChunkIndex index = client.chunkIndex(repo, digest);
        assertEquals(INDEX_CHUNK, index.chunkSize());
        assertEquals(3, index.chunks().size());
        for (int i = 0; i < index.chunks().size(); i++) {
            assertEquals(Digest.sha256Of(TestFiles.slice(file, index.offset(i), index.length(i))), index.chunks().get(i), "chunk " + i);
        }
    }

    @Test
    void givenBlobInAnotherRepository_whenUploadedWithMount_thenMountedWithoutSendingBytes() throws Exception {
        RepositoryName source = TestFiles.uniqueRepository("mount");
        RepositoryName target = TestFiles.uniqueRepository("mount");
        Path file = TestFiles.random(tmp, "shared", 500_000, 4);
        Digest digest = TestFiles.digest(file);
        client.uploadBlob(source, digest, file, null, n -> { });
        AtomicLong sent = new AtomicLong();

        assertEquals(UploadOutcome.MOUNTED, client.uploadBlob(target, digest, file, source, sent::addAndGet));

        assertEquals(0, sent.get());
        assertTrue(client.hasBlob(target, digest));
    }

    @Test
    void givenMountSourceWithoutTheBlob_whenUploaded_thenFallsBackToUploading() throws Exception {
        RepositoryName target = TestFiles.uniqueRepository("mount");
        Path file = TestFiles.random(tmp, "fresh", 70_000, 5);
        Digest digest = TestFiles.digest(file);

        assertEquals(UploadOutcome.UPLOADED, client.uploadBlob(target, digest, file, TestFiles.uniqueRepository("empty"), n -> { }));

        assertArrayEquals(Files.readAllBytes(file), TestFiles.read(client.openBlob(target, digest, 0, Files.size(file))));
    }

    @Test
    void givenBlobSource_whenOpeningARange_thenItIsTheRegistryServingThoseBytes() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("source");
        Path file = TestFiles.random(tmp, "s", 200_000, 6);
        Digest digest = TestFiles.digest(file);
        client.uploadBlob(repo, digest, file, null, n -> { });

        BlobSource source = client.blobSource(repo);

        assertEquals("registry", source.name());
        assertArrayEquals(TestFiles.slice(file, 65_536, 100_000), TestFiles.read(source.open(digest, 65_536, 100_000)));
    }
}
