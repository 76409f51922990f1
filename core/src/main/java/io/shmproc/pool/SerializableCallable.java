package io.shmproc.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can travel to a pool worker. Passing a lambda to
 * {@link ProcessPool#submit(Callable)} or {@link ProcessPool#apply(SerializableCallable)} makes it one.
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
