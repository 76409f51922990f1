package io.shmproc.memory;

import static io.shmproc.memory.RegionHeaderLayout.CREATOR_PID_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.CREATOR_START_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.FILE_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.HEADER_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.KIND_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.MAGIC_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.PAYLOAD_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.READY_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.VERSION_OFFSET;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fields of a region header as read from a file, not yet trusted.
 *
 * @param magic          the magic number
 * @param kindCode       the kind's code
 * @param layoutVersion  the layout version
 * @param fileLength     the file length the creator wrote
 * @param headerLength   the header length the creator wrote
 * @param creatorPid     the creator's pid
 * @param creatorStartMillis the creator's start time
 * @param payloadLength  the payload length
 * @param readyWord      the ready word
 */
public record RegionHeader(long magic, int kindCode, int layoutVersion, long fileLength, int headerLength,
                           long creatorPid, long creatorStartMillis, long payloadLength, long readyWord) {

    /**
     * Decodes a header from the first {@link RegionHeaderLayout#LENGTH} bytes of a file.
     *
     * @param bytes at least the header's bytes, position 0
     * @return the fields, unchecked
     */
    public static RegionHeader decode(final ByteBuffer bytes) {
        final ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new RegionHeader(b.getLong(MAGIC_OFFSET), b.getInt(KIND_OFFSET), b.getInt(VERSION_OFFSET),
            b.getLong(FILE_LENGTH_OFFSET), b.getInt(HEADER_LENGTH_OFFSET), b.getLong(CREATOR_PID_OFFSET),
            b.getLong(CREATOR_START_OFFSET), b.getLong(PAYLOAD_LENGTH_OFFSET), b.getLong(READY_OFFSET));
    }

    /**
     * The kind, if the code is one shmproc knows.
     *
     * @return the kind, or {@code null}
     */
    public RegionKind kind() {
        return RegionKind.ofCode(kindCode);
    }

    /**
     * Whether the creator finished initialising the region.
     *
     * @return {@code true} when the ready word matches the layout version
     */
    public boolean isReady() {
        return readyWord == RegionHeaderLayout.readyWord(layoutVersion);
    }

    /**
     * The creator as a process identity.
     *
     * @return the creator's pid and start time
     */
    public ProcessIdentity creator() {
        return new ProcessIdentity(creatorPid, creatorStartMillis);
    }
}
