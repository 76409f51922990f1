package io.shmproc.process;

import java.io.Serializable;

/**
 * The target of a {@link ShmProcess}: code that is serialized in the parent and run in a child JVM, like the
 * {@code target} of Python's {@code multiprocessing.Process}.
 *
 * <p>A lambda assigned to this type is serializable; it travels to the child together with everything it
 * captures, so every captured value must be serializable too (shmproc's shared objects are: they re-attach to
 * the same shared file in the child). The child loads the lambda's class from the same class path as the parent.
 *
 * <pre>{@code
 * int n = 42;
 * ShmProcess p = ShmProcess.of(() -> System.out.println("child got " + n)).start();
 * }</pre>
 *
 * <p>A checked exception thrown by {@link #run()} is, like any uncaught exception, printed with its stack trace
 * on the child's stderr, and the child exits with status 1.
 */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {
    /**
     * Runs in the child JVM.
     *
     * @throws Exception anything; the child then prints the stack trace and exits with status 1
     */
    void run() throws Exception;
}
