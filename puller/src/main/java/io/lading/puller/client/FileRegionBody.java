package io.lading.puller.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import okio.BufferedSink;

/**
 * A request body that streams {@code [offset, offset + length)} of a file through one 1 MiB buffer, so
 * uploading a 100 GB shard needs no more heap than a small one. It can be written again (the file is
 * reopened), which lets a refused request be retried.
 */
final class FileRegionBody extends ReportingBody {
    /** Large enough that syscalls are not the cost, small enough for many parallel uploads. */
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path file;
    private final long offset;
    private final long length;

    FileRegionBody(Path file, long offset, long length, LongConsumer sent) {
        super(length, sent);
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    @Override
    void write(BufferedSink sink) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(1, length)));
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = offset;
            long end = offset + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = in.read(buffer, position);
                if (n < 0) {
                    throw new IOException(file + " ended at byte " + position + " while " + end + " bytes were to be sent;"
                            + " was it changed during the upload?");
                }
                sink.write(buffer.array(), 0, n);
                position += n;
                report(n);
            }
        }
    }
}
