package io.lading.puller.client.push;

import io.lading.spec.digest.Digest;
import java.util.List;

/** What a push did: the manifest it stored, and how many blobs and bytes actually went over the wire. */
public record PushResult(String reference, Digest manifestDigest, long manifestSize, List<ShardFile> layers,
                         int blobsUploaded, int blobsSkipped, long bytesUploaded) {

    public PushResult {
        layers = List.copyOf(layers);
    }
}
