package io.shmproc.process;

/**
 * A task class run in a child JVM with arguments, the class-based form of a {@link ShmProcess} target (Python's
 * {@code Process(target=f, args=(...))}).
 *
 * <p>The child creates a new instance through the public no-argument constructor and calls {@link #run(Object...)}
 * with the arguments given in the parent, deserialized: each argument must be serializable (or {@code null}).
 *
 * <pre>{@code
 * public final class Greeter implements ProcessTask {
 *     public void run(Object... args) {
 *         System.out.println("hello " + args[0]);
 *     }
 * }
 * ShmProcess.of(Greeter.class, "world").start().join();
 * }</pre>
 */
@FunctionalInterface
public interface ProcessTask {
    /**
     * Runs in the child JVM.
     *
     * @param args the arguments given to the process, deserialized
     * @throws Exception anything; the child then prints the stack trace and exits with status 1
     */
    void run(Object... args) throws Exception;
}
