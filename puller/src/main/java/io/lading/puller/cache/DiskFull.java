package io.lading.puller.cache;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * The filesystem ran out of space (ENOSPC) while we wrote. The temporary file is removed by whoever throws
 * this; blobs and versions already on disk are never touched by a failed write.
 */
public final class DiskFull extends CacheFailure {
    private static final String ENOSPC = "No space left on device";

    public DiskFull(String what, IOException cause) {
        super(what + " failed: no space left on the device; free disk space or lower the cache budget", cause);
    }

    /** The JDK reports ENOSPC only through the message (or a FileSystemException's reason). */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException fse ? fse.getReason() : t.getMessage();
            if (reason != null && reason.contains(ENOSPC)) {
                return true;
            }
        }
        return false;
    }

    /** Returns a DiskFull for ENOSPC, else the original exception, so callers can {@code throw translate(...)}. */
    public static IOException rethrowIfNoSpace(String what, IOException e) {
        if (isNoSpace(e)) {
            throw new DiskFull(what, e);
        }
        return e;
    }
}
