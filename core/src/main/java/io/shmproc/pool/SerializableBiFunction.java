package io.shmproc.pool;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can travel to a pool worker; the function of {@code starmap} over pairs.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}
