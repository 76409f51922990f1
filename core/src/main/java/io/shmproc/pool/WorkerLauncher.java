package io.shmproc.pool;

import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.JvmFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts worker JVMs: the same {@code java} and class path as this JVM, the flags shmproc needs, the pool's
 * worker JVM options and {@code -XX:+ExitOnOutOfMemoryError}, then
 * {@link PoolWorker} with the control file, the slot, the generation, this JVM's pid and the task budget. Standard output and
 * error are inherited.
 */
final class WorkerLauncher {
    private final List<String> prefix;
    private final Path region;
    private final long parentPid = ProcessHandle.current().pid();
    private final int maxTasksPerChild;

    WorkerLauncher(final Path region, final List<String> workerJvmOptions, final int maxTasksPerChild) {
        this.region = region;
        this.maxTasksPerChild = maxTasksPerChild;
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JvmFlags.ADD_EXPORTS_ARGS));
        command.addAll(workerJvmOptions);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PoolWorker.class.getName());
        this.prefix = List.copyOf(command);
    }

    /**
     * Starts the worker of a slot.
     *
     * @param slot       the slot index
     * @param generation the slot's generation (how many workers it had before)
     * @return the process
     * @throws ShmprocException when the JVM cannot be started
     */
    Process start(final int slot, final int generation) {
        final List<String> command = new ArrayList<>(prefix);
        command.add(region.toString());
        command.add(Integer.toString(slot));
        command.add(Integer.toString(generation));
        command.add(Long.toString(parentPid));
        command.add(Integer.toString(maxTasksPerChild));
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (final IOException e) {
            throw new ShmprocException("cannot start a pool worker JVM: " + command, e);
        }
    }

    /**
     * Describes how a worker ended, with Python's exit code convention (-N for signal N).
     *
     * @param exitValue what {@link Process#exitValue()} returned (128 + N for signal N on Linux)
     * @return e.g. {@code "was killed by signal 9 (SIGKILL), exit code -9"}
     */
    static String describeExit(final int exitValue) {
        if (exitValue > 128 && exitValue <= 128 + 64) {
            final int signal = exitValue - 128;
            return "was killed by signal " + signal + " (" + signalName(signal) + "), exit code -" + signal;
        }
        if (exitValue == 3) {
            return "exited with code 3 (the JVM exits with 3 on OutOfMemoryError)";
        }
        return "exited with code " + exitValue;
    }

    /**
     * Python's exit code of a worker.
     *
     * @param exitValue what {@link Process#exitValue()} returned
     * @return the code, or -N when killed by signal N
     */
    static int pythonExitCode(final int exitValue) {
        return exitValue > 128 && exitValue <= 128 + 64 ? -(exitValue - 128) : exitValue;
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
