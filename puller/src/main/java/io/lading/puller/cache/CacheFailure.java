package io.lading.puller.cache;

/**
 * Why the cache refused to store a blob. Unchecked and sealed, so the daemon and the CLI can map each
 * case in one exhaustive switch; every message is one line that says what was tried and what was found.
 */
public abstract sealed class CacheFailure extends RuntimeException permits CacheFull, DiskFull, DigestMismatch {

    protected CacheFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
