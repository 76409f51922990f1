package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Nullable byte arrays and strings in a service snapshot: a length (-1 for null) then the bytes. */
final class SnapshotIo {
    private SnapshotIo() {
    }

    static void writeBytes(final DataOutput out, final byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static byte[] readBytes(final DataInput in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            return null;
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    static void writeString(final DataOutput out, final String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readString(final DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
