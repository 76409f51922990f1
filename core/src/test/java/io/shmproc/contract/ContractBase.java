package io.shmproc.contract;

import io.shmproc.Shmproc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every contract needs from a backend: two contexts on the same objects (two processes' views locally,
 * two client sessions on a cluster) and a fresh name per test, since a cluster keeps its objects between tests.
 *
 * <p>A backend's test class opens the two contexts once, {@link #register registers} them, and holds one
 * {@code @Nested} subclass of each contract; the contracts find the contexts through their enclosing class.
 */
abstract class ContractBase {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Map<Class<?>, Shmproc[]> CONTEXTS = new ConcurrentHashMap<>();

    /**
     * Makes a backend's two contexts the ones its nested contracts use.
     *
     * @param backend the backend's test class
     * @param mp      the context under test
     * @param other   a second context on the same objects
     */
    static void register(final Class<?> backend, final Shmproc mp, final Shmproc other) {
        CONTEXTS.put(backend, new Shmproc[] {mp, other});
    }

    private Shmproc[] contexts() {
        final Shmproc[] contexts = CONTEXTS.get(getClass().getEnclosingClass());
        if (contexts == null) {
            throw new IllegalStateException(getClass().getEnclosingClass() + " registered no contexts");
        }
        return contexts;
    }

    /**
     * The context under test.
     *
     * @return it
     */
    final Shmproc mp() {
        return contexts()[0];
    }

    /**
     * A second context on the same objects, as another process would have.
     *
     * @return it
     */
    final Shmproc other() {
        return contexts()[1];
    }

    /**
     * A name no other test uses.
     *
     * @param kind what it names
     * @return the name
     */
    final String name(final String kind) {
        return kind + "-" + getClass().getSimpleName() + "-" + NAMES.incrementAndGet();
    }
}
