package io.shmproc.benchmarks.sync;

import io.shmproc.benchmarks.report.Figure;
import io.shmproc.benchmarks.report.Harness;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.sync.Lock;
import io.shmproc.sync.SyncOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Cross-process harness: two JVMs contend for one lock, each incrementing a plain counter in shared memory
 * under it; prints increments per second (median of several runs) for shmproc's {@link Lock} beside a bare
 * {@code FileChannel.lock}, a CAS spin lock on a mapped word, and Python's {@code multiprocessing.Lock} (when
 * {@code python3} is on the path), plus Python's uncontended acquire+release time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.sync.ContendedLockHarness [seconds] [runs]
 * </pre>
 */
public final class ContendedLockHarness {
    private static final int COUNTER = 0;
    private static final int STOP = 64;
    private static final int READY = 128;
    private static final int OWN_COUNTS = 192;
    private static final String[] IMPLS = {"shmproc-Lock", "FileChannel.lock", "cas-spin"};
    private static final java.util.Map<String, String> REPORT_NAMES = java.util.Map.of("shmproc-Lock", "shmproc",
        "FileChannel.lock", "filechannel-lock", "cas-spin", "cas-spinlock", "python multiprocessing.Lock", "python-mp");

    private ContendedLockHarness() {
    }

    /**
     * Runs the comparison, or one worker when the first argument is {@code worker}.
     *
     * @param args {@code [seconds] [runs]}, or {@code worker IMPL DIR}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final double seconds = quick ? 1.0 : args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        final int runs = quick ? 1 : args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "two processes, one lock, %.1f s per run, median of %d runs%n", seconds, runs);
        for (final String impl : IMPLS) {
            final double[] rates = new double[runs];
            final double[] shares = new double[runs];
            for (int r = 0; r < runs; r++) {
                final double[] result = run(impl, seconds);
                rates[r] = result[0];
                shares[r] = result[1];
            }
            report(impl, rates);
            Arrays.sort(shares);
            System.out.printf(Locale.ROOT, "%-26s   smaller worker's share of the increments: median %.1f %%%n", "",
                shares[shares.length / 2] * 100);
        }
        python(seconds, runs);
    }

    private static void report(final String impl, final double[] rates) {
        Arrays.sort(rates);
        new Figure("lock-contended-2p", REPORT_NAMES.getOrDefault(impl, impl), "ops_per_s", rates[rates.length / 2],
            "increments/s").print();
        System.out.printf(Locale.ROOT, "%-26s %8.2f M increments/s   runs %s%n", impl, rates[rates.length / 2] / 1e6,
            Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r / 1e4) / 100.0).toArray()));
    }

    private static double[] run(final String impl, final double seconds) throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        final List<Process> workers = new ArrayList<>();
        try (Lock lock = Lock.create(dir.resolve("lock"), SyncOptions.defaults());
             MappedRegion region = MappedRegion.create(dir.resolve("counter"), RegionKind.TEST, 1, 256,
                 PayloadInitializer.ZEROED)) {
            final AtomicBuffer words = region.payload();
            for (int i = 0; i < 2; i++) {
                workers.add(startWorker(impl, dir.path(), i));
            }
            final long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (words.getLongVolatile(READY) < 2) {
                if (System.nanoTime() > readyBy) {
                    throw new IllegalStateException("workers did not start");
                }
                Thread.sleep(1);
            }
            Thread.sleep(300); // let both warm up
            final long startCount = words.getLongVolatile(COUNTER);
            final long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            final long endCount = words.getLongVolatile(COUNTER);
            final long end = System.nanoTime();
            words.putLongVolatile(STOP, 1);
            for (final Process worker : workers) {
                if (!worker.waitFor(30, TimeUnit.SECONDS) || worker.exitValue() != 0) {
                    throw new IllegalStateException(impl + " worker failed");
                }
            }
            final long first = words.getLongVolatile(OWN_COUNTS);
            final long second = words.getLongVolatile(OWN_COUNTS + 8);
            return new double[] {(endCount - startCount) * 1e9 / (end - start),
                Math.min(first, second) / (double) Math.max(1, first + second)};
        } finally {
            workers.forEach(Process::destroyForcibly);
            SharedDirectory.deleteTree(dir.path());
        }
    }

    private static Process startWorker(final String impl, final Path dir, final int index) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(Harness.childWarmupOption());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ContendedLockHarness.class.getName());
        command.add("worker");
        command.add(impl);
        command.add(dir.toString());
        command.add(Integer.toString(index));
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static void worker(final String impl, final Path dir, final int index) throws IOException {
        try (MappedRegion region = MappedRegion.attach(dir.resolve("counter"), RegionKind.TEST, 1);
             Lock lock = Lock.attach(dir.resolve("lock"), SyncOptions.defaults());
             FileChannel channel = FileChannel.open(dir.resolve("file-lock"), StandardOpenOption.CREATE,
                 StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final AtomicBuffer words = region.payload();
            words.getAndAddLong(READY, 1);
            long own = 0;
            switch (impl) {
                case "shmproc-Lock":
                    while (words.getLongVolatile(STOP) == 0) {
                        own += 1000;
                        for (int i = 0; i < 1000; i++) {
                            lock.lock();
                            words.putLong(COUNTER, words.getLong(COUNTER) + 1);
                            lock.unlock();
                        }
                    }
                    break;
                case "FileChannel.lock":
                    while (words.getLongVolatile(STOP) == 0) {
                        own += 100;
                        for (int i = 0; i < 100; i++) {
                            final FileLock fileLock = channel.lock(0, 1, false);
                            words.putLong(COUNTER, words.getLong(COUNTER) + 1);
                            fileLock.release();
                        }
                    }
                    break;
                default:
                    while (words.getLongVolatile(STOP) == 0) {
                        own += 1000;
                        for (int i = 0; i < 1000; i++) {
                            while (!words.compareAndSetLong(STOP + 8, 0, 1)) {
                                Thread.onSpinWait();
                            }
                            words.putLong(COUNTER, words.getLong(COUNTER) + 1);
                            words.putLongRelease(STOP + 8, 0);
                        }
                    }
                    break;
            }
            words.putLongVolatile(OWN_COUNTS + 8 * index, own);
        }
    }

    private static void python(final double seconds, final int runs) throws Exception {
        final Path script = Files.createTempFile("shmproc-bench-", ".py");
        try {
            Files.writeString(script, PYTHON, StandardCharsets.UTF_8);
            final double[] rates = new double[runs];
            final double[] uncontended = new double[runs];
            for (int r = 0; r < runs; r++) {
                final Process python = new ProcessBuilder("python3", script.toString(), Double.toString(seconds))
                    .redirectErrorStream(true).start();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        final String[] fields = line.trim().split(" ");
                        if (fields[0].equals("contended")) {
                            rates[r] = Double.parseDouble(fields[1]);
                        } else if (fields[0].equals("uncontended_ns")) {
                            uncontended[r] = Double.parseDouble(fields[1]);
                        } else {
                            System.out.println("python: " + line);
                        }
                    }
                }
                python.waitFor(60, TimeUnit.SECONDS);
            }
            report("python multiprocessing.Lock", rates);
            Arrays.sort(uncontended);
            new Figure("lock-uncontended", "python-mp", "ns_per_op", uncontended[runs / 2], "ns").print();
            System.out.printf(Locale.ROOT, "python multiprocessing.Lock uncontended acquire+release: median %.1f ns"
                + "   runs %s%n", uncontended[runs / 2], Arrays.toString(uncontended));
        } catch (final IOException e) {
            System.out.println("python3 not available: " + e.getMessage());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static final String PYTHON = String.join("\n",
        "import multiprocessing as mp, sys, time",
        "def work(lock, counter, stop, ready):",
        "    with ready.get_lock(): ready.value += 1",
        "    acquire, release = lock.acquire, lock.release",
        "    while not stop.value:",
        "        for _ in range(1000):",
        "            acquire(); counter.value += 1; release()",
        "if __name__ == '__main__':",
        "    seconds = float(sys.argv[1])",
        "    lock = mp.Lock()",
        "    n = 1000000",
        "    t = time.perf_counter()",
        "    acquire, release = lock.acquire, lock.release",
        "    for _ in range(n):",
        "        acquire(); release()",
        "    print('uncontended_ns', (time.perf_counter() - t) * 1e9 / n)",
        "    counter = mp.Value('q', 0, lock=False)",
        "    stop = mp.Value('b', 0, lock=False)",
        "    ready = mp.Value('i', 0)",
        "    ps = [mp.Process(target=work, args=(lock, counter, stop, ready)) for _ in range(2)]",
        "    for p in ps: p.start()",
        "    while ready.value < 2: time.sleep(0.001)",
        "    time.sleep(0.3)",
        "    c0 = counter.value; t0 = time.perf_counter()",
        "    time.sleep(seconds)",
        "    c1 = counter.value; t1 = time.perf_counter()",
        "    stop.value = 1",
        "    for p in ps: p.join()",
        "    print('contended', (c1 - c0) / (t1 - t0))",
        "");
}
