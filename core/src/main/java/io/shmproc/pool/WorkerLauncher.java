package io.shmproc.pool;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.process.ProcessGroup;
import io.shmproc.process.ShmProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts worker JVMs as daemon {@link ShmProcess}es of the pool's own {@link ProcessGroup} (so they die with this
 * JVM, and their exit codes follow Python: -N for signal N), running {@link PoolWorkerTask} with the control
 * file, the slot, the generation and the task budget, with the pool's worker JVM options and
 * {@code -XX:+ExitOnOutOfMemoryError}, and with this JVM's kernel wake-up settings ({@code shmproc.wakeup.*})
 * unless the worker options set them. Standard output and error are inherited.
 */
final class WorkerLauncher {
    private final ProcessGroup group;
    private final Path region;
    private final List<String> jvmOptions;
    private final int maxTasksPerChild;

    WorkerLauncher(final ProcessGroup group, final Path region, final List<String> workerJvmOptions,
                   final int maxTasksPerChild) {
        this.group = group;
        this.region = region;
        final List<String> options = new ArrayList<>(workerJvmOptions);
        options.add("-XX:+ExitOnOutOfMemoryError");
        // the workers wait as this JVM was told to, unless the worker options say otherwise
        for (final String property : List.of(KernelWakeup.ENABLED_PROPERTY, KernelWakeup.PERIOD_PROPERTY)) {
            final String value = System.getProperty(property);
            if (value != null && workerJvmOptions.stream().noneMatch(o -> o.startsWith("-D" + property + "="))) {
                options.add("-D" + property + "=" + value);
            }
        }
        this.jvmOptions = List.copyOf(options);
        this.maxTasksPerChild = maxTasksPerChild;
    }

    /**
     * Starts the worker of a slot.
     *
     * @param slot       the slot index
     * @param generation the slot's generation (how many workers it had before)
     * @return the started process
     * @throws io.shmproc.exceptions.ShmprocException when the JVM cannot be started
     */
    ShmProcess start(final int slot, final int generation) {
        return group.process(PoolWorkerTask.class, region.toString(), slot, generation, maxTasksPerChild)
            .name("PoolWorker-" + slot + "." + generation)
            .daemon(true)
            .jvmOptions(jvmOptions)
            .start();
    }

    /**
     * Asks for warm spare JVMs of this pool's kind of worker, one per worker, so that a replacement worker (and the
     * workers of the next pool of the same context) starts on a running JVM.
     *
     * @param workers how many
     */
    void keepSpares(final int workers) {
        group.keepSpares(workers, jvmOptions);
    }

    /**
     * Describes how a worker ended.
     *
     * @param exitCode the worker's exit code as Python gives it: -N after signal N
     * @return e.g. {@code "was killed by signal 9 (SIGKILL), exit code -9"}
     */
    static String describeExit(final int exitCode) {
        if (exitCode == Integer.MIN_VALUE) {
            return "ended with an unknown exit code";
        }
        if (exitCode < 0) {
            final int signal = -exitCode;
            return "was killed by signal " + signal + " (" + signalName(signal) + "), exit code " + exitCode;
        }
        if (exitCode == 3) {
            return "exited with code 3 (the JVM exits with 3 on OutOfMemoryError)";
        }
        return "exited with code " + exitCode;
    }

    private static String signalName(final int signal) {
        switch (signal) {
            case 1:
                return "SIGHUP";
            case 2:
                return "SIGINT";
            case 6:
                return "SIGABRT";
            case 9:
                return "SIGKILL";
            case 11:
                return "SIGSEGV";
            case 15:
                return "SIGTERM";
            default:
                return "signal " + signal;
        }
    }
}
