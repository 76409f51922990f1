package io.shmproc.process;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Two steps that shmproc's layers take when they send a lambda to another JVM without Java serialization's own
 * lambda resolution at the other end: reading the lambda's serialized form (its class's {@code writeReplace}), and
 * rethrowing what a reflective call of its implementation method threw, as the lambda itself would have thrown it.
 * Used by a child's target ({@code TargetCodec}, {@code DirectLambda}) and by the pool's task functions; not meant
 * for user code. Works within one JVM: nothing here touches shared memory or another process.
 */
public final class LambdaForms {
    private LambdaForms() {
    }

    /**
     * The serialized form of a serializable lambda.
     *
     * @param function any object
     * @return its {@link SerializedLambda}, or {@code null} when it is not a serializable lambda or its form cannot
     *         be read here (a class in a module that does not open it)
     */
    public static SerializedLambda serializedForm(final Object function) {
        if (!function.getClass().isSynthetic()) {
            return null;
        }
        try {
            final Method writeReplace = function.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            final Object form = writeReplace.invoke(function);
            return form instanceof SerializedLambda ? (SerializedLambda) form : null;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Throws what a reflectively called method threw, unwrapped, when it is an {@code Exception} or an
     * {@code Error}; returns otherwise (a {@code Throwable} of neither kind), for the caller to wrap.
     *
     * @param e the reflective call's failure
     * @throws Exception the method's own exception
     */
    public static void throwCause(final InvocationTargetException e) throws Exception {
        final Throwable cause = e.getCause();
        if (cause instanceof Exception) {
            throw (Exception) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
    }
}
