package io.shmproc.demos.state;

import io.shmproc.Shmproc;
import io.shmproc.memory.JvmFlags;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Python guide's Manager program: five processes each write {@code name} and {@code workdata} into a
 * shared dict and append their pid to a shared list; the parent prints both after joining them.
 *
 * <pre>
 * def worker(d, l, i):
 *     d[f"name{i}"] = f"worker-{i}"
 *     d[f"workdata{i}"] = i * i
 *     l.append(os.getpid())
 *
 * with Manager() as manager:
 *     d = manager.dict(); l = manager.list()
 *     ps = [Process(target=worker, args=(d, l, i)) for i in range(5)]
 *     for p in ps: p.start()
 *     for p in ps: p.join()
 *     print(d); print(l)
 * </pre>
 *
 * <p>The children here are plain child JVMs started with {@link ProcessBuilder}, given the context's
 * directory; they attach to the same dict and list by name. No server process is involved: every process
 * reads and writes the mapped files directly.
 */
public final class ManagerDictListDemo {
    private static final int WORKERS = 5;

    private ManagerDictListDemo() {
    }

    /**
     * Runs the parent, or a worker when called as {@code worker <context dir> <i>}.
     *
     * @param args none for the parent
     * @throws Exception when a child cannot be started or fails
     */
    public static void main(final String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("worker")) {
            worker(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("d");
            final SharedList<Long> l = mp.list("l");
            final List<Process> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(startWorker(mp.directory(), i));
            }
            for (final Process worker : workers) {
                if (!worker.waitFor(20, TimeUnit.SECONDS) || worker.exitValue() != 0) {
                    worker.destroyForcibly();
                    throw new IllegalStateException("worker " + worker.pid() + " failed or hung");
                }
            }
            System.out.println(new TreeMap<>(d));
            System.out.println(new ArrayList<>(l));
        }
    }

    private static void worker(final Path context, final int i) {
        try (Shmproc mp = Shmproc.attach(context)) {
            final SharedDict<String, Object> d = mp.dict("d");
            final SharedList<Long> l = mp.list("l");
            d.put("name" + i, "worker-" + i);
            d.put("workdata" + i, i * i);
            l.add(ProcessHandle.current().pid());
        }
    }

    private static Process startWorker(final Path context, final int i) throws java.io.IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JvmFlags.ADD_EXPORTS_ARGS));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ManagerDictListDemo.class.getName());
        command.add("worker");
        command.add(context.toString());
        command.add(Integer.toString(i));
        return new ProcessBuilder(command).inheritIO().start();
    }
}
