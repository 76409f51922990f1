package io.shmproc.pool;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to a pool worker: a lambda whose target type is this interface is
 * serializable, and so is everything it captures (shared handles re-attach in the worker).
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
