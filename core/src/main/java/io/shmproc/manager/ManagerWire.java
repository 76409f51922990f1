package io.shmproc.manager;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.memory.ArrayBuffer;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The messages between proxies and a manager's server, and the names of a manager's files.
 *
 * <pre>
 *   NAME.requests        SharedQueue of Request   (every client -&gt; the server)
 *   NAME.reply.PID.SEQ   SharedQueue of Reply     (the server -&gt; one client handle)
 *   NAME.server          SharedLongArray          [0] server pid (0: not serving), [1] server start ms
 * </pre>
 */
final class ManagerWire {
    /** Index of the server's pid in the server array; 0 while nothing serves. */
    static final int SERVER_PID = 0;
    /** Index of the server's start time in the server array. */
    static final int SERVER_START = 1;
    /** Length of the server array. */
    static final int SERVER_WORDS = 2;
    /** Object key prefix of a typeid's shared instance. */
    static final String SHARED_PREFIX = "type:";
    /** Method name of the request that creates a new object of a typeid. */
    static final String CREATE = "<create>";
    /** An exception message longer than this is truncated in a stand-in. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024;

    private ManagerWire() {
    }

    static String requests(final String name) {
        return name + ".requests";
    }

    static String server(final String name) {
        return name + ".server";
    }

    static String reply(final String name, final long pid, final long seq) {
        return name + ".reply." + pid + "." + seq;
    }

    /** A method call on a served object. */
    static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        final String replyTo;
        final String object;
        final String method;
        final String[] parameterTypes;
        final Object[] args;

        Request(final long id, final String replyTo, final String object, final String method,
                final String[] parameterTypes, final Object[] args) {
            this.id = id;
            this.replyTo = replyTo;
            this.object = object;
            this.method = method;
            this.parameterTypes = parameterTypes;
            this.args = args;
        }

        static String[] typesOf(final Method method) {
            return Arrays.stream(method.getParameterTypes()).map(Class::getName).toArray(String[]::new);
        }
    }

    /** The answer to a request: a value, or a failure as Java-serialized bytes. */
    static final class Reply implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        final Object value;
        final byte[] failure;

        Reply(final long id, final Object value, final byte[] failure) {
            this.id = id;
            this.value = value;
            this.failure = failure;
        }
    }

    /**
     * Serializes a method's exception; when it cannot travel, a {@link RemoteFailureException} stand-in with its
     * type, (truncated) message and stack trace.
     */
    static byte[] encodeFailure(final Throwable failure, final long pid, final String where) {
        final ArrayBuffer buffer = ArrayBuffer.growable(512);
        try {
            final int length = Codecs.javaSerialization().encode(failure, buffer, 0);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            Codecs.javaSerialization().decode(ArrayBuffer.wrapping(bytes), 0, length);
            return bytes;
        } catch (final CodecException | LinkageError e) {
            String message = String.valueOf(failure.getMessage());
            if (message.length() > MAX_MESSAGE_CHARS) {
                message = message.substring(0, MAX_MESSAGE_CHARS) + "... (" + (message.length() - MAX_MESSAGE_CHARS)
                    + " more characters truncated)";
            }
            final RemoteFailureException standIn = new RemoteFailureException(pid, failure.getClass().getName()
                + ": " + message + " (thrown by " + where + " in pid " + pid + "; it could not be serialized: " + e
                + ")", null);
            standIn.setStackTrace(failure.getStackTrace());
            final int length = Codecs.javaSerialization().encode(standIn, buffer, 0);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            return bytes;
        }
    }

    /**
     * The exception a proxy call throws for a failure reply: the original exception, its stack trace replaced by
     * the caller's and the server's stack trace as its cause, when the method may throw it; else a
     * {@link RemoteFailureException} around it.
     */
    static Throwable decodeFailure(final byte[] bytes, final String name, final Method method, final long pid) {
        final Object decoded;
        try {
            decoded = Codecs.javaSerialization().decode(ArrayBuffer.wrapping(bytes), 0, bytes.length);
        } catch (final RuntimeException e) {
            return new RemoteFailureException(pid, name + " failed in pid " + pid
                + " and its exception cannot be decoded here", e);
        }
        if (!(decoded instanceof Throwable)) {
            return new RemoteFailureException(pid, name + " failed in pid " + pid + " with " + decoded,
                null);
        }
        final Throwable remote = (Throwable) decoded;
        final boolean declared = remote instanceof RuntimeException || remote instanceof Error
            || method != null && Arrays.stream(method.getExceptionTypes()).anyMatch(type -> type.isInstance(remote));
        if (!declared) {
            return new RemoteFailureException(pid, name + " threw " + remote + " in pid " + pid, remote);
        }
        if (remote.getCause() == null) {
            final RemoteFailureException trace = new RemoteFailureException(pid, "the stack trace of " + remote
                + " in the serving process, pid " + pid, null);
            trace.setStackTrace(remote.getStackTrace());
            try {
                remote.initCause(trace);
                remote.setStackTrace(new Throwable().getStackTrace());
                return remote;
            } catch (final IllegalStateException | IllegalArgumentException e) {
                // The exception fixed its cause at construction; keep its remote stack trace instead.
                remote.setStackTrace(trace.getStackTrace());
            }
        }
        remote.addSuppressed(new RemoteFailureException(pid, "thrown by " + name
            + " in the serving process, pid " + pid + " (the stack trace above is the server's)", null));
        return remote;
    }
}
