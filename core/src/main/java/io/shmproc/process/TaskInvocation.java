package io.shmproc.process;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.util.Arrays;

/**
 * A {@link ProcessTask} class and its arguments, as a serializable target: the class travels by name, so the
 * child needs no lambda machinery to run it.
 */
final class TaskInvocation implements SerializableRunnable {
    private static final long serialVersionUID = 1L;

    private final String taskClass;
    private final Object[] args;

    private TaskInvocation(final String taskClass, final Object[] args) {
        this.taskClass = taskClass;
        this.args = args;
    }

    /**
     * Checks the task class and its arguments at the boundary.
     *
     * @throws IllegalArgumentException when the class cannot be instantiated or an argument is not serializable
     */
    static TaskInvocation of(final Class<? extends ProcessTask> task, final Object... args) {
        if (task == null) {
            throw new IllegalArgumentException("task is null; give a class implementing ProcessTask");
        }
        try {
            task.getConstructor();
        } catch (final NoSuchMethodException e) {
            throw new IllegalArgumentException("task=" + task.getName() + " has no public no-argument constructor;"
                + " the child instantiates it with one", e);
        }
        final Object[] copy = args == null ? new Object[0] : args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] != null && !(copy[i] instanceof Serializable)) {
                throw new IllegalArgumentException("args[" + i + "] is a " + copy[i].getClass().getName()
                    + ", which is not Serializable; a process argument travels to the child serialized");
            }
        }
        return new TaskInvocation(task.getName(), copy);
    }

    /** A task invocation as {@link TargetCodec} decodes it in the child (checked in the parent). */
    static TaskInvocation decoded(final String taskClass, final Object[] args) {
        return new TaskInvocation(taskClass, args);
    }

    /** The task class's name. */
    String taskClass() {
        return taskClass;
    }

    /** The arguments (this invocation's own array: not to be changed). */
    Object[] arguments() {
        return args;
    }

    @Override
    public void run() throws Exception {
        final Class<?> type = Class.forName(taskClass, true, Thread.currentThread().getContextClassLoader());
        final Constructor<?> constructor = type.getConstructor();
        ((ProcessTask) constructor.newInstance()).run(args.clone());
    }

    @Override
    public String toString() {
        return taskClass + Arrays.toString(args);
    }
}
