package io.shmproc.demos.manager;

import io.shmproc.Shmproc;
import io.shmproc.manager.ObjectManager;
import io.shmproc.process.ShmProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A managed object (Python's {@code BaseManager.register}): the parent serves a counter behind an interface, four
 * child processes call it through proxies, and an exception thrown by a method arrives in the caller.
 *
 * <pre>
 * # Python                                          # shmproc
 * class MyManager(BaseManager): pass                ObjectManager m = mp.manager("objects")
 * MyManager.register('Counter', Counter)                .register("counter", Counter.class, CounterImpl::new)
 * m = MyManager(); m.start(initializer=init)            .initializer(...).start();
 * c = m.Counter()                                   Counter c = m.proxy("counter", Counter.class);
 * Process(target=work, args=(c,)).start()           mp.process(() -&gt; work(c)).start();
 * </pre>
 */
public final class ManagedCounterDemo {
    private static final int CHILDREN = 4;
    private static final int INCREMENTS = 250;

    private ManagedCounterDemo() {
    }

    /** What callers see of the served counter. */
    public interface Counter {
        /**
         * Adds one.
         *
         * @return the new value
         */
        long increment();

        /**
         * Takes {@code n} away; refuses to go below zero.
         *
         * @param n how much
         * @return the new value
         * @throws IllegalStateException when the value would go below zero
         */
        long take(long n);

        /**
         * The value.
         *
         * @return the value
         */
        long value();

        /**
         * The process serving the counter.
         *
         * @return its pid
         */
        long servedBy();
    }

    /** The counter itself, living in the serving process; thread-safe, as calls may run concurrently. */
    static final class CounterImpl implements Counter {
        private final AtomicLong value = new AtomicLong();

        @Override
        public long increment() {
            return value.incrementAndGet();
        }

        @Override
        public long take(final long n) {
            return value.updateAndGet(v -> {
                if (v < n) {
                    throw new IllegalStateException("cannot take " + n + " from " + v);
                }
                return v - n;
            });
        }

        @Override
        public long value() {
            return value.get();
        }

        @Override
        public long servedBy() {
            return ProcessHandle.current().pid();
        }
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final ObjectManager manager = mp.manager("objects")
                .register("counter", Counter.class, CounterImpl::new)
                .initializer(() -> System.out.println("initializer ran in the serving process"))
                .start();
            final Counter counter = manager.proxy("counter", Counter.class);
            final List<ShmProcess> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                children.add(mp.process(() -> {
                    for (int n = 0; n < INCREMENTS; n++) {
                        counter.increment();
                    }
                }).start());
            }
            for (final ShmProcess child : children) {
                child.join();
            }
            System.out.println("counter = " + counter.value() + " after " + CHILDREN + " processes made "
                + INCREMENTS + " calls each (served by pid " + counter.servedBy() + ", this is pid "
                + ProcessHandle.current().pid() + ")");
            try {
                counter.take(1_000_000);
            } catch (final IllegalStateException e) {
                System.out.println("caller caught " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (remote stack trace in the cause: " + (e.getCause() != null) + ")");
            }
        }
    }
}
