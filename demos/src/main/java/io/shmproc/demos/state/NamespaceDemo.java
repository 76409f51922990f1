package io.shmproc.demos.state;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.state.Namespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code Manager().Namespace()}: the parent sets two fields, three child processes each add one to
 * {@code x} (atomically) and count themselves in {@code done}; the parent prints the namespace as Python would.
 *
 * <pre>
 * def worker(ns, lock):                              # Python
 *     with lock:
 *         ns.x += 1
 *         ns.done = getattr(ns, 'done', 0) + 1
 *
 * if __name__ == '__main__':
 *     with Manager() as manager:
 *         ns = manager.Namespace(); lock = manager.Lock()
 *         ns.x = 10; ns.y = 'hello'
 *         ps = [Process(target=worker, args=(ns, lock)) for _ in range(3)]
 *         for p in ps: p.start()
 *         for p in ps: p.join()
 *         print(ns)                                  # Namespace(done=3, x=13, y='hello')
 * </pre>
 *
 * <p>The namespace is a handle captured by each child's lambda; {@code update} runs under the namespace's own
 * cross-process lock, so no separate lock is needed.
 */
public final class NamespaceDemo {
    private static final int WORKERS = 3;

    private NamespaceDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException when interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shmproc mp = Shmproc.open()) {
            final Namespace ns = mp.namespace("ns");
            ns.set("x", 10);
            ns.set("y", "hello");
            final List<ShmProcess> ps = new ArrayList<>();
            for (int n = 0; n < WORKERS; n++) {
                ps.add(mp.process(() -> {
                    ns.update("x", x -> (Integer) x + 1);
                    ns.update("done", d -> d == null ? 1 : (Integer) d + 1);
                }).start());
            }
            for (final ShmProcess p : ps) {
                p.join();
            }
            System.out.println(ns);
            System.out.println("x = " + ns.getLong("x") + ", fields in the order first set: " + ns.fields().keySet());
        }
    }
}
