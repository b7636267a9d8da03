package io.lading.puller.client;

/** What a blob upload did: sent the bytes, or linked a blob the registry already held in another repository. */
public enum UploadOutcome {
    UPLOADED,
    MOUNTED
}
