package io.shmproc.process;

import io.shmproc.pipe.PipeHandleForm;
import io.shmproc.queue.QueueHandleForm;
import io.shmproc.state.StoreHandleForm;
import io.shmproc.state.ValueHandleForm;
import io.shmproc.sync.SyncHandleForm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.lang.invoke.SerializedLambda;

/**
 * Encodes a {@link SerializableRunnable} for the trip to the child, in the form that starts fastest there.
 *
 * <pre>
 *   byte LAMBDA  UTF capturing class  byte impl kind  UTF impl class  UTF impl method  UTF impl signature
 *                int n, n x captured value: tag byte + value (N null, S string, I J Z D F B C H boxed
 *                primitives, Q a local queue and P a local pipe end with a built-in codec
 *                ({@link QueueHandleForm}, {@link PipeHandleForm}), L a lock, reentrant lock, semaphore or
 *                event ({@link SyncHandleForm}), V a shared value or array ({@link ValueHandleForm}), M a
 *                shared dict or list with built-in codecs ({@link StoreHandleForm}),
 *                O int length + Java-serialized object)
 *   byte JAVA    the target, Java-serialized (lambdas inside it written as {@link DirectLambda})
 *   byte TASK    UTF task class  int n, n x argument: as a captured value of LAMBDA (null, strings and boxed
 *                primitives only; a task with any other argument is sent as JAVA)
 * </pre>
 * A lambda is sent as its implementation method and captured values: the child then calls the method through
 * reflection, and needs Java serialization (whose first use costs a fresh JVM 8-13 ms) only for captured values
 * other than strings, boxed primitives, queues, pipe ends, locks, semaphores, events, shared values, dicts and
 * lists. A {@link ProcessTask} class (a pool worker's target) is sent as its name and arguments in the same way:
 * Java-deserializing its invocation cost a warm spare 4-7 ms of a pool worker's start. Everything else is
 * Java-serialized.
 */
final class TargetCodec {
    private static final byte LAMBDA = 1;
    private static final byte JAVA = 2;
    /** The form of a {@link ProcessTask} class and its arguments. */
    static final byte TASK = 3;
    /** Strings shorter than this go as modified UTF-8 (at most 3 bytes a char, within its 65,535-byte limit). */
    private static final int MAX_TAGGED_STRING = 16_384;

    private TargetCodec() {
    }

    /**
     * Encodes a target in the parent, so that an unserializable capture fails {@code start()}, not the child.
     *
     * @throws IllegalArgumentException naming the class that is not serializable
     */
    static byte[] encode(final SerializableRunnable target) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            final SerializedLambda lambda = LambdaForms.serializedForm(target);
            final DataOutputStream out = new DataOutputStream(bytes);
            final Object[] args = target instanceof TaskInvocation ? ((TaskInvocation) target).arguments() : null;
            if (args != null && allTagged(args)) {
                out.writeByte(TASK);
                out.writeUTF(((TaskInvocation) target).taskClass());
                out.writeInt(args.length);
                for (final Object arg : args) {
                    writeValue(out, arg, target);
                }
            } else if (lambda != null && DirectLambda.isRunnable(lambda)) {
                out.writeByte(LAMBDA);
                out.writeUTF(lambda.getCapturingClass());
                out.writeByte(lambda.getImplMethodKind());
                out.writeUTF(lambda.getImplClass());
                out.writeUTF(lambda.getImplMethodName());
                out.writeUTF(lambda.getImplMethodSignature());
                out.writeInt(lambda.getCapturedArgCount());
                for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                    writeValue(out, lambda.getCapturedArg(i), target);
                }
            } else {
                out.writeByte(JAVA);
                out.write(javaSerialize(target, target));
            }
            out.flush();
        } catch (final IOException e) {
            throw new IllegalArgumentException("target=" + target + " cannot be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a target in the child.
     *
     * @throws IOException when the bytes are not a target, or a class is missing
     */
    static SerializableRunnable decode(final byte[] bytes) throws IOException {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        final byte form = in.readByte();
        if (form == JAVA) {
            return (SerializableRunnable) javaDeserialize(in);
        }
        if (form == TASK) {
            final String taskClass = in.readUTF();
            return TaskInvocation.decoded(taskClass, readValues(in));
        }
        if (form != LAMBDA) {
            throw new StreamCorruptedException("unknown target form " + form);
        }
        final String capturingClass = in.readUTF();
        final int kind = in.readByte();
        final String implClass = in.readUTF();
        final String implMethod = in.readUTF();
        final String implSignature = in.readUTF();
        return (SerializableRunnable) new DirectLambda(capturingClass, kind, implClass, implMethod, implSignature,
            readValues(in)).resolve();
    }

    /** Reads a count and that many values written by {@link #writeValue}. */
    private static Object[] readValues(final DataInputStream in) throws IOException {
        final int count = in.readInt();
        if (count < 0) {
            throw new StreamCorruptedException("a negative value count " + count);
        }
        final Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = readValue(in);
        }
        return values;
    }

    /**
     * Whether every argument has a tag of its own in {@link #writeValue} (none goes Java-serialized): only then is a
     * task sent in the TASK form, since separately serialized arguments would lose the references they share.
     */
    private static boolean allTagged(final Object[] args) {
        for (final Object arg : args) {
            if (!tagged(arg)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@link #writeValue} writes a value under a tag of its own rather than Java-serialized ('O'). */
    private static boolean tagged(final Object value) {
        return value == null || value instanceof String && ((String) value).length() < MAX_TAGGED_STRING
            || value instanceof Integer || value instanceof Long || value instanceof Boolean || value instanceof Double
            || value instanceof Float || value instanceof Byte || value instanceof Character || value instanceof Short;
    }

    private static void writeValue(final DataOutputStream out, final Object value, final Object target)
        throws IOException {
        if (value == null) {
            out.writeByte('N');
        } else if (value instanceof String && ((String) value).length() < MAX_TAGGED_STRING) {
            out.writeByte('S');
            out.writeUTF((String) value);
        } else if (value instanceof Integer) {
            out.writeByte('I');
            out.writeInt((Integer) value);
        } else if (value instanceof Long) {
            out.writeByte('J');
            out.writeLong((Long) value);
        } else if (value instanceof Boolean) {
            out.writeByte('Z');
            out.writeBoolean((Boolean) value);
        } else if (value instanceof Double) {
            out.writeByte('D');
            out.writeDouble((Double) value);
        } else if (value instanceof Float) {
            out.writeByte('F');
            out.writeFloat((Float) value);
        } else if (value instanceof Byte) {
            out.writeByte('B');
            out.writeByte((Byte) value);
        } else if (value instanceof Character) {
            out.writeByte('C');
            out.writeChar((Character) value);
        } else if (value instanceof Short) {
            out.writeByte('H');
            out.writeShort((Short) value);
        } else if (QueueHandleForm.applies(value)) {
            out.writeByte('Q');
            QueueHandleForm.write(out, value);
        } else if (PipeHandleForm.applies(value)) {
            out.writeByte('P');
            PipeHandleForm.write(out, value);
        } else if (SyncHandleForm.applies(value)) {
            out.writeByte('L');
            SyncHandleForm.write(out, value);
        } else if (ValueHandleForm.applies(value)) {
            out.writeByte('V');
            ValueHandleForm.write(out, value);
        } else if (StoreHandleForm.applies(value)) {
            out.writeByte('M');
            StoreHandleForm.write(out, value);
        } else {
            final byte[] bytes = javaSerialize(value, target);
            out.writeByte('O');
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static Object readValue(final DataInputStream in) throws IOException {
        final int tag = in.readByte();
        switch (tag) {
            case 'N': return null;
            case 'S': return in.readUTF();
            case 'I': return in.readInt();
            case 'J': return in.readLong();
            case 'Z': return in.readBoolean();
            case 'D': return in.readDouble();
            case 'F': return in.readFloat();
            case 'B': return in.readByte();
            case 'C': return in.readChar();
            case 'H': return in.readShort();
            case 'Q': return QueueHandleForm.read(in);
            case 'P': return PipeHandleForm.read(in);
            case 'L': return SyncHandleForm.read(in);
            case 'V': return ValueHandleForm.read(in);
            case 'M': return StoreHandleForm.read(in);
            case 'O':
                final byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                return javaDeserialize(new ByteArrayInputStream(bytes));
            default:
                throw new StreamCorruptedException("unknown captured-value tag " + tag);
        }
    }

    private static byte[] javaSerialize(final Object value, final Object target) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new LambdaOutputStream(bytes)) {
            out.writeObject(value);
        } catch (final NotSerializableException e) {
            throw new IllegalArgumentException("target=" + target + " captures a " + e.getMessage()
                + ", which is not Serializable; a target travels to the child serialized, with all it captures", e);
        }
        return bytes.toByteArray();
    }

    private static Object javaDeserialize(final java.io.InputStream bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(bytes)) {
            return in.readObject();
        } catch (final ClassNotFoundException e) {
            throw new IOException("the child cannot find class " + e.getMessage() + " on its class path", e);
        }
    }

    /** Writes lambdas as {@link DirectLambda}s, which the child resolves without spinning lambda classes. */
    private static final class LambdaOutputStream extends ObjectOutputStream {
        LambdaOutputStream(final OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(final Object object) {
            return DirectLambda.replace(object);
        }
    }
}
