package io.shmproc.pool;

import io.shmproc.codec.Codecs;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.process.LambdaForms;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A task function that is a plain lambda, sent as its implementation method and captured values, so that a worker
 * runs its first calls without deserializing the lambda: Java serialization resolves a lambda through its
 * capturing class's {@code $deserializeLambda$}, which spins a lambda class (1.1-1.9 ms on a quiet JVM here, more
 * while a pool's workers start at once), where finding the implementation method and calling it through reflection
 * took 0.2-0.4 ms. After {@value #REFLECTIVE_CALLS} calls the worker switches to the standard lambda, decoded from
 * the invoker's usual serialized form sent alongside, so a long map runs at the lambda's own speed.
 *
 * <p>Only lambdas whose implementation is a static method the compiler generated ({@code lambda$...}, capturing
 * values but not {@code this}) qualify; method references and instance-capturing lambdas travel the usual way.
 * A call behaves as the lambda's: what the function throws is thrown as it is, and an argument of the wrong type
 * is a {@code ClassCastException}.
 */
final class LambdaInvoker extends Invoker {
    private static final long serialVersionUID = 1L;
    /** Calls made through reflection before the worker switches to the standard lambda. */
    static final int REFLECTIVE_CALLS = 64;

    private final int arity;
    private final String implClass;
    private final String implMethodName;
    private final String implMethodSignature;
    private final Object[] captured;
    /** The invoker in its usual Java-serialized form, decoded when the reflective calls are spent. */
    private final byte[] standardForm;
    private transient Method method;
    private transient Invoker standard;
    private transient int calls;

    private LambdaInvoker(final int arity, final SerializedLambda lambda, final byte[] standardForm) {
        this.arity = arity;
        this.implClass = lambda.getImplClass().replace('/', '.');
        this.implMethodName = lambda.getImplMethodName();
        this.implMethodSignature = lambda.getImplMethodSignature();
        this.captured = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = lambda.getCapturedArg(i);
        }
        this.standardForm = standardForm;
    }

    /**
     * The reflective form of a function, or {@code null} when it does not qualify (not a lambda, not a static
     * generated implementation, or its serialized form cannot be read here).
     *
     * @param function     the user's function
     * @param arity        the invoker's arguments per call
     * @param standardForm the invoker, Java-serialized
     * @return the invoker to send, or {@code null}
     */
    static LambdaInvoker of(final Object function, final int arity, final byte[] standardForm) {
        final SerializedLambda lambda = LambdaForms.serializedForm(function);
        if (lambda == null || lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeStatic
            || !lambda.getImplMethodName().startsWith("lambda$")
            || parameterCount(lambda.getImplMethodSignature()) != lambda.getCapturedArgCount() + arity) {
            return null;
        }
        return new LambdaInvoker(arity, lambda, standardForm);
    }

    /** The number of parameters in a method descriptor such as {@code (Ljava/lang/Integer;I)Ljava/lang/Object;}. */
    static int parameterCount(final String descriptor) {
        int count = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
            count++;
        }
        return count;
    }

    /** In the worker: finds the implementation method, or falls back to the standard lambda where it cannot. */
    private Object readResolve() throws ObjectStreamException {
        final Class<?> owner;
        try {
            final ClassLoader context = Thread.currentThread().getContextClassLoader();
            owner = Class.forName(implClass, false, context != null ? context : LambdaInvoker.class.getClassLoader());
        } catch (final ClassNotFoundException | LinkageError e) {
            final InvalidObjectException failure = new InvalidObjectException("cannot load " + implClass);
            failure.initCause(e);
            throw failure;
        }
        for (final Method candidate : owner.getDeclaredMethods()) {
            if (candidate.getName().equals(implMethodName)
                && candidate.getParameterCount() == captured.length + arity) {
                try {
                    candidate.setAccessible(true);
                    method = candidate;
                    return this;
                } catch (final RuntimeException e) {
                    break;
                }
            }
        }
        return standard();
    }

    private Invoker standard() {
        if (standard == null) {
            final ArrayBuffer form = ArrayBuffer.wrapping(standardForm);
            standard = (Invoker) Codecs.javaSerialization().decode(form, 0, standardForm.length);
        }
        return standard;
    }

    @Override
    int arity() {
        return arity;
    }

    @Override
    Object call(final Object a, final Object b) throws Exception {
        if (standard != null || ++calls > REFLECTIVE_CALLS) {
            return standard().call(a, b);
        }
        final Object[] arguments = new Object[captured.length + arity];
        System.arraycopy(captured, 0, arguments, 0, captured.length);
        if (arity > 0) {
            arguments[captured.length] = a;
        }
        if (arity > 1) {
            arguments[captured.length + 1] = b;
        }
        try {
            return method.invoke(null, arguments);
        } catch (final InvocationTargetException e) {
            LambdaForms.throwCause(e);
            throw new IllegalStateException(e.getCause());
        } catch (final IllegalArgumentException e) {
            // Method.invoke's own check of an argument's type: the lambda would have failed its cast
            final ClassCastException cast = new ClassCastException("task argument does not fit " + implClass
                + "." + implMethodName + implMethodSignature + ": " + e.getMessage());
            cast.initCause(e);
            throw cast;
        }
    }
}
