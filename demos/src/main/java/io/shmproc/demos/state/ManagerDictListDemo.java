package io.shmproc.demos.state;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The Python guide's Manager program: five processes each write {@code name} and {@code workdata} into a
 * shared dict and append their pid to a shared list; the parent prints both after joining them.
 *
 * <pre>
 * def worker(d, l, i):                               # Python
 *     d[f"name{i}"] = f"worker-{i}"
 *     d[f"workdata{i}"] = i * i
 *     l.append(os.getpid())
 *
 * if __name__ == '__main__':
 *     with Manager() as manager:
 *         d = manager.dict(); l = manager.list()
 *         ps = [Process(target=worker, args=(d, l, i)) for i in range(5)]
 *         for p in ps: p.start()
 *         for p in ps: p.join()
 *         print(d); print(l)
 * </pre>
 *
 * <p>The dict and list are handles captured by each child's lambda; they re-attach to the same files in the
 * child. No server process is involved: every process reads and writes the mapped files directly.
 */
public final class ManagerDictListDemo {
    private static final int WORKERS = 5;

    private ManagerDictListDemo() {
    }

    /**
     * A worker's body: Python's {@code worker(d, l, i)}.
     *
     * @param d the shared dict
     * @param l the shared list
     * @param i the worker's number
     */
    static void worker(final SharedDict<String, Object> d, final SharedList<Long> l, final int i) {
        d.put("name" + i, "worker-" + i);
        d.put("workdata" + i, i * i);
        l.add(ShmProcess.current().pid());
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException when interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("d");
            final SharedList<Long> l = mp.list("l");
            final List<ShmProcess> ps = new ArrayList<>();
            for (int n = 0; n < WORKERS; n++) {
                final int i = n;
                ps.add(mp.process(() -> worker(d, l, i)).start());
            }
            for (final ShmProcess p : ps) {
                p.join();
            }
            System.out.println(new TreeMap<>(d));
            System.out.println(new ArrayList<>(l));
        }
    }
}
