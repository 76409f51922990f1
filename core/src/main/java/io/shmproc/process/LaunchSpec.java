package io.shmproc.process;

import io.shmproc.exceptions.ShmprocException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the parent tells a child on its stdin: who the child is, who its parent is, where to write its exit
 * record, and the serialized target. See {@code docs/design/processes.md} for the byte layout.
 *
 * <pre>
 *   int  MAGIC 'SHMP'   int VERSION
 *   UTF  name           int n, n x int identity      boolean daemon
 *   long parent pid     long parent start millis     UTF parent name
 *   UTF  exit-record file
 *   int  n, n bytes: the parent's class path, UTF-8 (the child's java.class.path)
 *   int  length         length x byte: the target, encoded by TargetCodec
 * </pre>
 * After the spec the parent writes nothing more and keeps the pipe open until it exits: the child reads
 * end-of-file exactly when its parent is gone.
 */
final class LaunchSpec {
    static final int MAGIC = 0x53484D50;
    static final int VERSION = 1;
    /** The largest serialized target accepted. */
    static final int MAX_TARGET_BYTES = 64 << 20;

    final String name;
    final int[] identity;
    final boolean daemon;
    final long parentPid;
    final long parentStartMillis;
    final String parentName;
    final String exitRecordFile;
    final String classPath;
    final byte[] target;

    LaunchSpec(final String name, final int[] identity, final boolean daemon, final long parentPid,
               final long parentStartMillis, final String parentName, final String exitRecordFile,
               final String classPath, final byte[] target) {
        this.name = name;
        this.identity = identity;
        this.daemon = daemon;
        this.parentPid = parentPid;
        this.parentStartMillis = parentStartMillis;
        this.parentName = parentName;
        this.exitRecordFile = exitRecordFile;
        this.classPath = classPath;
        this.target = target;
    }

    void writeTo(final OutputStream stream) throws IOException {
        final DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(name);
        out.writeInt(identity.length);
        for (final int id : identity) {
            out.writeInt(id);
        }
        out.writeBoolean(daemon);
        out.writeLong(parentPid);
        out.writeLong(parentStartMillis);
        out.writeUTF(parentName);
        out.writeUTF(exitRecordFile);
        final byte[] path = classPath.getBytes(StandardCharsets.UTF_8);
        out.writeInt(path.length);
        out.write(path);
        out.writeInt(target.length);
        out.write(target);
        out.flush();
    }

    static LaunchSpec readFrom(final InputStream stream) throws IOException {
        final DataInputStream in = new DataInputStream(stream);
        final int magic = in.readInt();
        final int version = in.readInt();
        if (magic != MAGIC || version != VERSION) {
            throw new ShmprocException("this is not a launch spec of shmproc " + VERSION + " (magic 0x"
                + Integer.toHexString(magic) + ", version " + version + "): io.shmproc.process.ChildBootstrap is"
                + " started by ShmProcess.start(), not by hand");
        }
        final String name = in.readUTF();
        final int depth = in.readInt();
        final int[] identity = new int[depth];
        for (int i = 0; i < depth; i++) {
            identity[i] = in.readInt();
        }
        final boolean daemon = in.readBoolean();
        final long parentPid = in.readLong();
        final long parentStart = in.readLong();
        final String parentName = in.readUTF();
        final String exitRecord = in.readUTF();
        final int pathLength = in.readInt();
        if (pathLength < 0 || pathLength > MAX_TARGET_BYTES) {
            throw new ShmprocException("launch spec declares a class path of " + pathLength + " bytes");
        }
        final byte[] path = new byte[pathLength];
        in.readFully(path);
        final int length = in.readInt();
        if (length < 0 || length > MAX_TARGET_BYTES) {
            throw new ShmprocException("launch spec declares a target of " + length + " bytes; expected 0 to "
                + MAX_TARGET_BYTES);
        }
        final byte[] target = new byte[length];
        in.readFully(target);
        return new LaunchSpec(name, identity, daemon, parentPid, parentStart, parentName, exitRecord,
            new String(path, StandardCharsets.UTF_8), target);
    }
}
