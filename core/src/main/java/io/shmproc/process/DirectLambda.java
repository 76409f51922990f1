package io.shmproc.process;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The serialized form of a lambda that {@link LaunchSpec} sends instead of {@link SerializedLambda}, so that a
 * {@link SerializableRunnable} is resolved in the child by calling its implementation method through reflection,
 * without spinning a lambda class through {@code LambdaMetafactory} (which costs a fresh JVM tens of
 * milliseconds). Any other functional interface, and any lambda whose implementation method cannot be found or
 * made accessible, is resolved the standard way, through the capturing class's {@code $deserializeLambda$}.
 *
 * <p>The stream comes from the parent over a private pipe; like Java serialization of lambdas in general, it is
 * not meant for untrusted input.
 */
final class DirectLambda implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String RUNNABLE = SerializableRunnable.class.getName().replace('.', '/');

    private final String capturingClass;
    private final String functionalInterfaceClass;
    private final String functionalInterfaceMethodName;
    private final String functionalInterfaceMethodSignature;
    private final int implMethodKind;
    private final String implClass;
    private final String implMethodName;
    private final String implMethodSignature;
    private final String instantiatedMethodType;
    private final Object[] capturedArgs;

    private DirectLambda(final SerializedLambda lambda) {
        capturingClass = lambda.getCapturingClass();
        functionalInterfaceClass = lambda.getFunctionalInterfaceClass();
        functionalInterfaceMethodName = lambda.getFunctionalInterfaceMethodName();
        functionalInterfaceMethodSignature = lambda.getFunctionalInterfaceMethodSignature();
        implMethodKind = lambda.getImplMethodKind();
        implClass = lambda.getImplClass();
        implMethodName = lambda.getImplMethodName();
        implMethodSignature = lambda.getImplMethodSignature();
        instantiatedMethodType = lambda.getInstantiatedMethodType();
        capturedArgs = new Object[lambda.getCapturedArgCount()];
        for (int i = 0; i < capturedArgs.length; i++) {
            capturedArgs[i] = lambda.getCapturedArg(i);
        }
    }

    /** A lambda of {@link SerializableRunnable} decoded by {@link TargetCodec}. */
    DirectLambda(final String capturingClass, final int implMethodKind, final String implClass,
                 final String implMethodName, final String implMethodSignature, final Object[] capturedArgs) {
        this.capturingClass = capturingClass;
        this.functionalInterfaceClass = RUNNABLE;
        this.functionalInterfaceMethodName = "run";
        this.functionalInterfaceMethodSignature = "()V";
        this.implMethodKind = implMethodKind;
        this.implClass = implClass;
        this.implMethodName = implMethodName;
        this.implMethodSignature = implMethodSignature;
        this.instantiatedMethodType = "()V";
        this.capturedArgs = capturedArgs;
    }

    /** Whether a lambda is a plain {@link SerializableRunnable}, which {@link TargetCodec} can encode directly. */
    static boolean isRunnable(final SerializedLambda lambda) {
        return RUNNABLE.equals(lambda.getFunctionalInterfaceClass())
            && "run".equals(lambda.getFunctionalInterfaceMethodName())
            && "()V".equals(lambda.getFunctionalInterfaceMethodSignature());
    }

    /** Replaces a lambda's serialized form; leaves every other object as it is. */
    static Object replace(final Object object) {
        return object instanceof SerializedLambda ? new DirectLambda((SerializedLambda) object) : object;
    }

    private Object readResolve() throws ObjectStreamException {
        return resolve();
    }

    /** The lambda: a reflective {@link SerializableRunnable} where possible, else the standard lambda. */
    Object resolve() throws ObjectStreamException {
        final ClassLoader loader = loader();
        if (RUNNABLE.equals(functionalInterfaceClass) && "()V".equals(functionalInterfaceMethodSignature)) {
            final Executable target = findImplementation(loader);
            if (target != null) {
                return new ReflectiveRunnable(this, target);
            }
        }
        return standard(loader);
    }

    private Executable findImplementation(final ClassLoader loader) {
        try {
            final Class<?> owner = Class.forName(implClass.replace('/', '.'), false, loader);
            final Executable[] candidates = implMethodKind == MethodHandleInfo.REF_newInvokeSpecial
                ? owner.getDeclaredConstructors() : owner.getDeclaredMethods();
            for (final Executable candidate : candidates) {
                if ((candidate instanceof Constructor || candidate.getName().equals(implMethodName))
                    && descriptor(candidate).equals(implMethodSignature)) {
                    candidate.setAccessible(true);
                    return candidate;
                }
            }
        } catch (final ClassNotFoundException | RuntimeException e) {
            // not found or not accessible: the standard path reports it
        }
        return null;
    }

    private Object standard(final ClassLoader loader) throws ObjectStreamException {
        try {
            final Class<?> capturing = Class.forName(capturingClass.replace('/', '.'), false, loader);
            final SerializedLambda lambda = new SerializedLambda(capturing, functionalInterfaceClass,
                functionalInterfaceMethodName, functionalInterfaceMethodSignature, implMethodKind, implClass,
                implMethodName, implMethodSignature, instantiatedMethodType, capturedArgs);
            final Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, lambda);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            final InvalidObjectException failure = new InvalidObjectException("cannot deserialize the lambda "
                + implClass + "." + implMethodName + implMethodSignature);
            failure.initCause(e instanceof InvocationTargetException ? e.getCause() : e);
            throw failure;
        }
    }

    private static ClassLoader loader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DirectLambda.class.getClassLoader();
    }

    private static String descriptor(final Executable executable) {
        final StringBuilder text = new StringBuilder("(");
        for (final Class<?> parameter : executable.getParameterTypes()) {
            text.append(descriptor(parameter));
        }
        text.append(')');
        text.append(executable instanceof Method ? descriptor(((Method) executable).getReturnType()) : "V");
        return text.toString();
    }

    private static String descriptor(final Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (type.isPrimitive()) {
            switch (type.getName()) {
                case "int": return "I";
                case "long": return "J";
                case "boolean": return "Z";
                case "byte": return "B";
                case "char": return "C";
                case "short": return "S";
                case "float": return "F";
                case "double": return "D";
                default: return "V";
            }
        }
        return new StringBuilder(type.getName().length() + 2).append('L').append(type.getName().replace('.', '/'))
            .append(';').toString();
    }

    /** A {@link SerializableRunnable} that calls a lambda's implementation method with the captured values. */
    private static final class ReflectiveRunnable implements SerializableRunnable {
        private static final long serialVersionUID = 1L;

        private final DirectLambda form;
        private final transient Executable target;

        ReflectiveRunnable(final DirectLambda form, final Executable target) {
            this.form = form;
            this.target = target;
        }

        @Override
        public void run() throws Exception {
            final Object[] captured = form.capturedArgs;
            try {
                if (target instanceof Constructor) {
                    ((Constructor<?>) target).newInstance(captured);
                } else if (form.implMethodKind == MethodHandleInfo.REF_invokeStatic) {
                    ((Method) target).invoke(null, captured);
                } else {
                    final Object[] rest = new Object[captured.length - 1];
                    System.arraycopy(captured, 1, rest, 0, rest.length);
                    ((Method) target).invoke(captured[0], rest);
                }
            } catch (final InvocationTargetException e) {
                LambdaForms.throwCause(e);
                throw e;
            }
        }

        private Object writeReplace() {
            return form;
        }

        @Override
        public String toString() {
            return "lambda " + form.implClass.replace('/', '.') + "." + form.implMethodName;
        }
    }
}
