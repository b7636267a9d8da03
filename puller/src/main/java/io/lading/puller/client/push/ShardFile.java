package io.lading.puller.client.push;

import io.lading.spec.chunk.ChunkListDigest;
import io.lading.spec.digest.Digest;
import java.nio.file.Path;

/** One file of a model directory, hashed: it becomes one layer titled with its file name, carrying its chunk list digest. */
public record ShardFile(Path path, String title, long size, Digest digest, String mediaType, ChunkListDigest chunkList) {
}
