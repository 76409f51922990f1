package io.shmproc.tools;

import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionHeaderLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a shared file's header with a plain read. The tool's own copy of {@code MappedRegion.readHeader}: that
 * class needs Agrona on the class path, and {@code java -jar shmproc-core.jar} runs without it.
 */
final class HeaderReader {
    private HeaderReader() {
    }

    /**
     * The header of a file.
     *
     * @param file a shared file
     * @return its decoded header, not yet checked
     * @throws IOException when the file is missing, unreadable or shorter than a header
     */
    static RegionHeader read(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            final long size = channel.size();
            if (size < RegionHeaderLayout.LENGTH) {
                throw new IOException(file + " is " + size + " bytes, shorter than the " + RegionHeaderLayout.LENGTH
                    + "-byte shmproc header: truncated, or not a shmproc file");
            }
            final ByteBuffer bytes = ByteBuffer.allocate(RegionHeaderLayout.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, bytes.position()) < 0) {
                    break;
                }
            }
            return RegionHeader.decode(bytes.flip());
        } catch (final NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such shared file");
        }
    }
}
