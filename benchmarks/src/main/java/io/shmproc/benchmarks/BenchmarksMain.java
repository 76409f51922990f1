package io.shmproc.benchmarks;

import io.shmproc.benchmarks.report.ReportMain;
import java.util.Arrays;

/**
 * The main class of {@code benchmarks.jar}: {@code report ...} runs the comparison report, anything else goes to
 * JMH ({@code java -jar benchmarks.jar -h} lists JMH's options).
 */
public final class BenchmarksMain {
    private BenchmarksMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code report [options]} or JMH's arguments
     * @throws Exception whatever the chosen main throws
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            ReportMain.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
