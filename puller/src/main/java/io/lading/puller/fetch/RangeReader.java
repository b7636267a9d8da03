package io.lading.puller.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Feeds ranges of a partial download's data file to a digest, through one reused pair of buffers: read into direct
 * memory (a heap buffer would get a temporary direct one per read), hashed from an array.
 */
final class RangeReader {
    private final FileChannel data;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(ChunkTransfer.BUFFER_BYTES);
    private final byte[] bytes = new byte[ChunkTransfer.BUFFER_BYTES];

    RangeReader(FileChannel data) {
        this.data = data;
    }

    /** Hashes {@code length} bytes from {@code offset}; returns how many there were (fewer when the file ends first). */
    long hash(long offset, long length, MessageDigest into) throws IOException {
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = data.read(buffer, position);
            if (n < 0) {
                break;
            }
            buffer.flip().get(bytes, 0, n);
            into.update(bytes, 0, n);
            position += n;
        }
        return position - offset;
    }
}
