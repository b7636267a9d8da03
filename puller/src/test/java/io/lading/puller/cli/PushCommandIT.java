package io.lading.puller.cli;

import io.lading.spec.chunk.ChunkListDigest;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.LadingCli;
import io.lading.puller.client.FaultProxy;
import io.lading.puller.client.ManifestPull;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestFiles;
import io.lading.puller.client.TestRegistry;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lading push} end to end: the real CLI against a real registry with access control on. */
class PushCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run lading(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LadingCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A model directory: two weight shards (one larger than the 300 kB upload chunks), a config and a README. */
    private Path model() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        TestFiles.random(dir, "model-00002-of-00002.safetensors", 700_000, 11);
        TestFiles.random(dir, "model-00001-of-00002.safetensors", 90_000, 12);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"Test\"]}");
        Files.writeString(dir.resolve("README.md"), "# test model\n");
        Files.createDirectories(dir.resolve("subdir-is-not-a-layer"));
        return dir;
    }

    private static String[] push(String registryUrl, String password, boolean json, String target, Path dir) {
        List<String> args = new java.util.ArrayList<>(List.of("push", "--registry", registryUrl, "-u", TestRegistry.ADMIN, "-p", password,
                "--chunk-size", "300000", "--concurrency", "3"));
        if (json) {
            args.add("--json");
        }
        args.add(target);
        args.add(dir.toString());
        return args.toArray(String[]::new);
    }

    @Test
    void givenModelDirectory_whenPushedWithJson_thenModelPackArtifactPullsBackByteIdenticalThroughRanges() throws Exception {
        Path dir = model();
        RepositoryName repo = TestFiles.uniqueRepository("push");

        Run run = lading(push(registry.url(), TestRegistry.ADMIN_PASSWORD, true, repo + ":v1", dir));

        assertEquals(0, run.exit(), run.err());
        JsonNode result = JSON.readTree(run.out());
        RegistryClient client = registry.admin();
        ManifestPull pulled = client.manifest(repo, Tag.parse("v1"));
        assertEquals(result.path("digest").asText(), pulled.digest().toString());
        Manifest manifest = pulled.manifest();
        assertEquals(MediaTypes.MODEL_ARTIFACT, manifest.artifactType());
        assertEquals(MediaTypes.MODEL_CONFIG, manifest.config().mediaType());
        assertEquals(List.of("README.md", "config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
                manifest.layers().stream().map(l -> l.annotations().get("org.opencontainers.image.title")).toList());
        assertEquals(List.of("application/vnd.cncf.model.doc.v1.raw", "application/vnd.cncf.model.weight.config.v1.raw",
                MediaTypes.MODEL_WEIGHT_RAW, MediaTypes.MODEL_WEIGHT_RAW), manifest.layers().stream().map(Descriptor::mediaType).toList());
        for (Descriptor layer : manifest.layers()) {
            Path file = dir.resolve(layer.annotations().get("org.opencontainers.image.title"));
            assertArrayEquals(Files.readAllBytes(file), readInThirds(client, repo, layer), file.toString());
        }
        JsonNode config = JSON.readTree(client.openBlob(repo, manifest.config().parsedDigest(), 0, manifest.config().size()));
        assertEquals(manifest.layers().get(3).digest(), config.path("modelfs").path("diffIds").get(3).asText());
        assertEquals(5, result.path("blobsUploaded").asInt());
    }

    private static byte[] readInThirds(RegistryClient client, RepositoryName repo, Descriptor layer) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long third = Math.max(1, layer.size() / 3);
        for (long offset = 0; offset < layer.size(); offset += third) {
            try (InputStream in = client.openBlob(repo, Digest.parse(layer.digest()), offset, Math.min(third, layer.size() - offset))) {
                in.transferTo(all);
            }
        }
        return all.toByteArray();
    }

    @Test
    void givenDirectoryAlreadyPushed_whenPushedAgain_thenNoBlobBytesAreUploadedAndTheDigestIsTheSame() throws Exception {
        Path dir = model();
        RepositoryName repo = TestFiles.uniqueRepository("push");
        Run first = lading(push(registry.url(), TestRegistry.ADMIN_PASSWORD, true, repo + ":v1", dir));
        assertEquals(0, first.exit(), first.err());

        try (FaultProxy proxy = new FaultProxy(registry.url())) {
            Run second = lading(push(proxy.url(), TestRegistry.ADMIN_PASSWORD, true, repo + ":v2", dir));

            assertEquals(0, second.exit(), second.err());
            JsonNode result = JSON.readTree(second.out());
            assertEquals(0, result.path("bytesUploaded").asLong());
            assertEquals(0, result.path("blobsUploaded").asInt());
            assertEquals(JSON.readTree(first.out()).path("digest"), result.path("digest"));
            assertEquals(List.of(), proxy.seen().stream().filter(s -> s.pathAndQuery().contains("/blobs/uploads")).toList());
        }
    }

    @Test
    void givenModelInAnotherRepository_whenPushedWithMountFrom_thenEveryBlobIsMountedNotUploaded() throws Exception {
        Path dir = model();
        RepositoryName source = TestFiles.uniqueRepository("push");
        RepositoryName target = TestFiles.uniqueRepository("push");
        assertEquals(0, lading(push(registry.url(), TestRegistry.ADMIN_PASSWORD, true, source + ":v1", dir)).exit());

        try (FaultProxy proxy = new FaultProxy(registry.url())) {
            String[] args = push(proxy.url(), TestRegistry.ADMIN_PASSWORD, true, target + ":v1", dir);
            String[] withMount = java.util.stream.Stream.concat(java.util.stream.Stream.of(args[0], "--mount-from", source.value()),
                    java.util.Arrays.stream(args, 1, args.length)).toArray(String[]::new);
            Run run = lading(withMount);

            assertEquals(0, run.exit(), run.err());
            JsonNode result = JSON.readTree(run.out());
            assertEquals(0, result.path("bytesUploaded").asLong());
            assertEquals(0, result.path("blobsUploaded").asInt());
            assertEquals(5, proxy.seen().stream().filter(s -> s.pathAndQuery().contains("mount=sha256")).count(),
                    "one mount per blob: the realm is known after the first challenge, so no mount meets a 401");
            assertEquals(List.of(), proxy.seen().stream().filter(s -> s.method().equals("PATCH") || s.method().equals("PUT")
                    && s.pathAndQuery().contains("/blobs/")).toList());
        }
        assertEquals(5, registry.admin().manifest(target, Tag.parse("v1")).manifest().blobReferences().size());
    }

    @Test
    void givenTextOutput_whenPushed_thenDigestOnStdoutAndOneLinePerBlobOnStderr() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("push");

        Run run = lading(push(registry.url(), TestRegistry.ADMIN_PASSWORD, false, repo + ":v1", model()));

        assertEquals(0, run.exit(), run.err());
        Digest digest = Digest.parse(run.out().lines().filter(l -> l.startsWith("Digest: ")).findFirst().orElseThrow().substring(8));
        assertEquals(digest, registry.admin().manifest(repo, Tag.parse("v1")).digest());
        assertEquals(4, run.err().lines().filter(l -> l.startsWith("uploaded ")).count(), run.err());
    }

    @Test
    void givenWrongPassword_whenPushing_thenOneLineErrorAndExitOne() throws Exception {
        Run run = lading(push(registry.url(), "wrong", false, "push/denied:v1", model()));

        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("lading: getting a token for repository:push/denied:pull,push as admin: HTTP 401 UNAUTHORIZED"), run.err());
    }

    @Test
    void givenTargetWithoutTag_whenPushing_thenOneLineErrorAndExitOne() throws Exception {
        Run run = lading(push(registry.url(), TestRegistry.ADMIN_PASSWORD, false, "push/no-tag", model()));

        assertEquals(1, run.exit());
        assertEquals("lading: 'push/no-tag' is not <repository>:<tag>, e.g. models/llama:v3", run.err().strip());
    }

    @Test
    void givenPasswordOnStdin_whenPushing_thenItIsUsed() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("push");
        InputStream saved = System.in;
        System.setIn(new java.io.ByteArrayInputStream((TestRegistry.ADMIN_PASSWORD + "\n").getBytes()));
        try {
            Run run = lading("push", "--registry", registry.url(), "--username", TestRegistry.ADMIN, "--password-stdin", "--json",
                    repo + ":v1", model().toString());

            assertEquals(0, run.exit(), run.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void givenTheRegistrysIndexChunkSize_whenPushed_thenEveryLayerCarriesTheChunkListOfTheRegistrysIndex() throws Exception {
        RepositoryName repo = TestFiles.uniqueRepository("push");
        String[] args = push(registry.url(), TestRegistry.ADMIN_PASSWORD, true, repo + ":v1", model());
        List<String> withSize = new java.util.ArrayList<>(List.of(args));
        withSize.addAll(1, List.of("--index-chunk-size", Long.toString(1 << 20)));

        Run run = lading(withSize.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        RegistryClient client = registry.admin();
        for (Descriptor layer : client.manifest(repo, Tag.parse("v1")).manifest().layers()) {
            assertEquals(ChunkListDigest.of(client.chunkIndex(repo, layer.parsedDigest())), ChunkListDigest.from(layer).orElseThrow(),
                    layer.annotations().toString());
        }
    }
}
