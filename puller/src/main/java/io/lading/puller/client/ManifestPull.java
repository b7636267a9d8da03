package io.lading.puller.client;

import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Manifest;

/**
 * A pulled manifest: the exact bytes the registry sent, their media type, and the digest this client
 * computed over those bytes (never the registry's header: the bytes are what a signature covers).
 */
public record ManifestPull(byte[] bytes, String mediaType, Digest digest) {

    public ManifestPull {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The parsed view; the bytes were already checked to parse when they were pulled. */
    public Manifest manifest() {
        return Manifest.parse(bytes, mediaType);
    }
}
