package io.shmproc.manager;

import io.shmproc.codec.Codec;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The state behind a proxy: which manager, which object, how long a call may wait. Serializable, so a proxy
 * captured by a lambda or passed to a child arrives there as a proxy that connects to the same server.
 */
final class ManagedHandler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String manager;
    private final String object;
    private final Class<?> type;
    private final long timeoutNanos;
    private final Codec<Object> codec;

    ManagedHandler(final Path directory, final String manager, final String object, final Class<?> type,
                   final long timeoutNanos, final Codec<Object> codec) {
        this.directory = directory.toString();
        this.manager = manager;
        this.object = object;
        this.type = type;
        this.timeoutNanos = timeoutNanos;
        this.codec = codec;
    }

    static <I> I proxy(final Class<I> type, final ManagedHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    ManagedHandler withObject(final String key) {
        return new ManagedHandler(Path.of(directory), manager, key, type, timeoutNanos, codec);
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "toString":
                    return "ManagedProxy[" + type.getSimpleName() + " " + object + " of manager " + manager + " in "
                        + directory + "]";
                case "hashCode":
                    return Objects.hash(directory, manager, object);
                case "equals":
                    return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                        && equals(Proxy.getInvocationHandler(args[0]));
                default:
                    return method.invoke(this, args);
            }
        }
        return ManagerClient.of(Path.of(directory), manager, codec).call(object, method, args, timeoutNanos);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ManagedHandler && ((ManagedHandler) other).directory.equals(directory)
            && ((ManagedHandler) other).manager.equals(manager) && ((ManagedHandler) other).object.equals(object);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, manager, object);
    }
}
