package io.shmproc.pool;

import java.io.Serializable;

/**
 * What a worker calls for each set of arguments of a task: the user's function adapted to zero, one or two
 * arguments. Serialized once per function and worker.
 */
abstract class Invoker implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The number of arguments per call.
     *
     * @return 0, 1 or 2
     */
    abstract int arity();

    /**
     * Calls the function.
     *
     * @param a the first argument, if any
     * @param b the second argument, if any
     * @return the result
     * @throws Exception whatever the function throws
     */
    abstract Object call(Object a, Object b) throws Exception;

    static Invoker ofCallable(final java.util.concurrent.Callable<?> callable) {
        return new CallableInvoker(callable);
    }

    static Invoker of(final SerializableFunction<?, ?> function) {
        return new FunctionInvoker(function);
    }

    static Invoker of(final SerializableBiFunction<?, ?, ?> function) {
        return new BiFunctionInvoker(function);
    }

    static Invoker ofRunnable(final Runnable runnable) {
        return new RunnableInvoker(runnable);
    }

    private static final class CallableInvoker extends Invoker {
        private static final long serialVersionUID = 1L;
        private final java.util.concurrent.Callable<?> callable;

        CallableInvoker(final java.util.concurrent.Callable<?> callable) {
            this.callable = callable;
        }

        @Override
        int arity() {
            return 0;
        }

        @Override
        Object call(final Object a, final Object b) throws Exception {
            return callable.call();
        }
    }

    private static final class RunnableInvoker extends Invoker {
        private static final long serialVersionUID = 1L;
        private final Runnable runnable;

        RunnableInvoker(final Runnable runnable) {
            this.runnable = runnable;
        }

        @Override
        int arity() {
            return 0;
        }

        @Override
        Object call(final Object a, final Object b) {
            runnable.run();
            return null;
        }
    }

    private static final class FunctionInvoker extends Invoker {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<?, ?> function;

        FunctionInvoker(final SerializableFunction<?, ?> function) {
            this.function = function;
        }

        @Override
        int arity() {
            return 1;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(final Object a, final Object b) {
            return ((SerializableFunction<Object, Object>) function).apply(a);
        }
    }

    private static final class BiFunctionInvoker extends Invoker {
        private static final long serialVersionUID = 1L;
        private final SerializableBiFunction<?, ?, ?> function;

        BiFunctionInvoker(final SerializableBiFunction<?, ?, ?> function) {
            this.function = function;
        }

        @Override
        int arity() {
            return 2;
        }

        @Override
        @SuppressWarnings("unchecked")
        Object call(final Object a, final Object b) {
            return ((SerializableBiFunction<Object, Object, Object>) function).apply(a, b);
        }
    }
}
