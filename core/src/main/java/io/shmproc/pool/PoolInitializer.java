package io.shmproc.pool;

import java.io.Serializable;

/**
 * Code run once in each worker before its first task, with the arguments given beside it in
 * {@link PoolOptions#initializer(PoolInitializer, Object...)} (Python's {@code initializer(*initargs)}).
 *
 * <p>If it throws, the worker prints the stack trace and exits with code 1; the pool starts a replacement
 * and, after {@value PoolOptions#MAX_CONSECUTIVE_START_FAILURES} workers in a row died before finishing a task,
 * fails every outstanding task instead of restarting forever.
 */
@FunctionalInterface
public interface PoolInitializer extends Serializable {
    /**
     * Initialises the worker.
     *
     * @param args the arguments given with the initializer (decoded in the worker)
     * @throws Exception anything; the worker then exits with code 1
     */
    void initialize(Object... args) throws Exception;
}
