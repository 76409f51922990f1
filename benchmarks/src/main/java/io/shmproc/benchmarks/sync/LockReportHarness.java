package io.shmproc.benchmarks.sync;

import io.shmproc.benchmarks.report.Figure;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The lock scenarios of the comparison report: runs {@link LockBenchmark} through JMH (uncontended
 * acquire + release beside {@code ReentrantLock}, {@code FileChannel.lock} and a CAS spin lock), then the
 * two-process {@link ContendedLockHarness}, and prints {@link Figure} lines.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.shmproc.benchmarks.sync.LockReportHarness [--quick]</pre>
 */
public final class LockReportHarness {
    private static final Map<String, String> IMPLS = Map.of("shmprocLock", "shmproc", "reentrantLock",
        "reentrant-lock", "fileChannelLock", "filechannel-lock", "casSpinLock", "cas-spinlock");

    private LockReportHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick]}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final Options options = new OptionsBuilder()
            .include(LockBenchmark.class.getName() + "\\.(shmprocLock|reentrantLock|fileChannelLock|casSpinLock)$")
            .forks(1)
            .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .build();
        for (final RunResult result : new Runner(options).run()) {
            final String method = result.getParams().getBenchmark();
            final String name = method.substring(method.lastIndexOf('.') + 1);
            new Figure("lock-uncontended", IMPLS.getOrDefault(name, name), "ns_per_op",
                result.getPrimaryResult().getScore(), "ns").print();
        }
        ContendedLockHarness.main(quick ? new String[] {"--quick"} : new String[0]);
    }
}
